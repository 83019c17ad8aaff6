"""The page frame: the title after an invalid submit, the language link, the header menu."""

import re

import pytest

from pop.extensions import db
from pop.models import User
from pop.plan.current_cycle import current_cycle


@pytest.fixture(autouse=True)
def open_cycle(app):
    """The goal form needs the year's cycle, which HR opens."""
    with app.app_context():
        current_cycle()
        db.session.commit()


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.get_data(as_text=True), re.S).group(1)


def test_an_invalid_submit_puts_fout_before_the_title_and_focuses_the_summary(
    app, client, org, login
):
    login(org.employee)
    response = client.post("/pop/doelen/nieuw", data={"title": ""})
    assert title_of(response).startswith("Fout: Nieuw doel")
    assert re.search(r'class="error-summary"[^>]*tabindex="-1"[^>]*autofocus', response.text)


def test_a_valid_page_has_no_error_prefix(app, client, org, login):
    login(org.employee)
    assert title_of(client.get("/pop/doelen/nieuw")) == "Nieuw doel · POP"


def test_the_error_prefix_follows_the_language(app, client, org, login):
    with app.app_context():
        db.session.get(User, org.employee).language = "en"
        db.session.commit()
    login(org.employee)
    assert title_of(client.post("/pop/doelen/nieuw", data={})).startswith("Error: New goal")


def test_the_language_switch_offers_the_other_language_in_that_language(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert re.search(r'name="language" value="en"', page)
    assert re.search(r'<button[^>]*lang="en"[^>]*>English</button>', page)
    assert "<select" not in page.split("<main")[0]


def test_switching_language_is_a_post_that_returns_to_the_page(app, client, org, login):
    login(org.employee)
    response = client.post("/language", data={"language": "en", "next": "/pop/tips"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/pop/tips")
    page = client.get("/pop/tips").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert re.search(r'<button[^>]*lang="nl"[^>]*>Nederlands</button>', page)


def test_small_screens_get_the_menu_in_a_disclosure(app, client, org, login):
    login(org.manager)
    page = client.get("/").get_data(as_text=True)
    disclosure = page.split('<details class="small-menu')[1].split("</details>")[0]
    assert "<summary>Menu</summary>" in disclosure
    for link in ("Mijn POP", "Mijn team", "Uitloggen", "English"):
        assert link in disclosure
