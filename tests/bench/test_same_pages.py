"""Every page of the benchmark reads the same with the per-request catalogue as with Flask-Babel's
own look-up of each string, in Dutch and in English: the speed-up changes no word or date."""

import re

import flask_babel
import pytest
from flask_babel import format_date, get_domain

from benchmarks.generate import generate
from benchmarks.pages import PAGES, add_baseline_page, find_known, logged_in_clients, page_url
from pop import dates, translation
from pop.extensions import db

# The team view's matrix and the start page are not timed, but render the same labels.
EXTRA_PAGES = {"team_matrix": ("manager", "/team/?weergave=matrix"), "home": ("employee", "/")}
CSRF_TOKEN = re.compile(r'(name="csrf_token"[^>]*value=")[^"]*"')


def rendered_pages(app, known) -> dict[tuple[str, str], str]:
    clients = logged_in_clients(app, known)
    pages = {page.key: (page.persona, page_url(app, page, known)) for page in PAGES}
    pages |= EXTRA_PAGES
    rendered = {}
    for language in ("nl", "en"):
        for client in clients.values():
            assert client.post("/language", data={"language": language}).status_code == 302
        for key, (persona, url) in pages.items():
            response = clients[persona].get(url)
            assert response.status_code == 200, url
            rendered[key, language] = CSRF_TOKEN.sub(r"\1-", response.get_data(as_text=True))
    return rendered


def flask_babel_per_string(monkeypatch) -> None:
    """Translate and write dates as Flask-Babel does by itself, each string looked up anew."""
    monkeypatch.setattr(
        translation, "translations", lambda: flask_babel.Domain.get_translations(get_domain())
    )
    monkeypatch.setattr(translation, "current_locale", flask_babel.get_locale)
    monkeypatch.setattr(
        dates, "_formatted_day", lambda day, pattern, _locale: format_date(day, pattern)
    )


def test_pages_read_the_same_as_with_flask_babels_own_look_up(app, monkeypatch):
    add_baseline_page(app)
    with app.app_context():
        generate(60, seed=3, functions=12, competencies=10)
        known = find_known()
        db.session.remove()
    fast = rendered_pages(app, known)
    with pytest.MonkeyPatch.context() as patch:
        flask_babel_per_string(patch)
        slow = rendered_pages(app, known)
    assert fast.keys() == slow.keys()
    english_team = fast["team", "en"]
    assert "My team" in english_team
    assert "in progress" in english_team
    assert "Mijn team" in fast["team", "nl"]
    for key in fast:
        assert fast[key] == slow[key], f"{key} differs"
