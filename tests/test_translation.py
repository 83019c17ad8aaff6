"""The per-request catalogue (pop.translation) translates as Flask-Babel does, string for string.

Flask-Babel finds the catalogue anew for each string; POP keeps the one it found on Flask-Babel's
request state. These tests hold that nothing a reader sees changes: the same words in Dutch and
English, a language switched within a request (refresh, force_locale) is seen at once, and
dates read the same as Flask-Babel writes them.
"""

from datetime import date, datetime, timedelta, timezone

import flask_babel
import jinja2
import pytest
from flask import render_template_string
from flask_babel import force_locale, format_date, format_datetime, get_domain, refresh
from flask_babel import gettext as babel_gettext

from pop import translation
from pop.catalogue_text import catalogue_text
from pop.dates import (
    DATE_PATTERN,
    DATETIME_PATTERN,
    format_day,
    local_date,
    local_datetime,
    utc_start_of_local_day,
)
from pop.labels import goal_status_label, kind_label, rating_label
from pop.translation import gettext, ngettext, template_gettext, translations


def flask_babel_catalogue():
    """Flask-Babel's own look-up, for every string anew."""
    return flask_babel.Domain.get_translations(get_domain())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_catalogue_is_the_one_flask_babel_finds(app, language):
    with app.test_request_context(), force_locale(language):
        assert translations() is flask_babel_catalogue()
        for msgid in ("Mijn team", "bezig", "planningsgesprek", "Functie"):
            assert gettext(msgid) == babel_gettext(msgid)
        assert ngettext("%(num)d doel", "%(num)d doelen", 3) == flask_babel.ngettext(
            "%(num)d doel", "%(num)d doelen", 3
        )


def test_english_words_are_english_and_dutch_stay_dutch(app):
    with app.test_request_context():
        with force_locale("en"):
            english = (goal_status_label("bezig"), kind_label("planningsgesprek"))
            assert gettext("Mijn team") == "My team"
            assert rating_label(["onvoldoende", "goed"], 2) == "good"
            assert render_template_string("{{ _('Mijn team') }}") == "My team"
        assert english == ("in progress", "planning conversation")
        assert goal_status_label("bezig") == "bezig"
        assert gettext("Mijn team") == "Mijn team"
        assert render_template_string("{{ _('Mijn team') }}") == "Mijn team"


def test_a_language_chosen_within_a_request_is_seen_after_refresh(app):
    with app.test_request_context() as context:
        assert gettext("Mijn team") == "Mijn team"
        context.session["language"] = "en"
        refresh()
        assert gettext("Mijn team") == "My team"
        assert render_template_string("{{ _('Mijn team') }}") == "My team"
        assert local_date(date(2026, 3, 4)) == "4 March 2026"


def test_a_custom_rating_scale_is_shown_as_configured(app):
    with app.test_request_context(), force_locale("en"):
        assert rating_label(["zwak", "sterk"], 2) == "sterk"
        assert rating_label(["zwak", "sterk"], None) == "no rating"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_dates_read_as_flask_babel_writes_them(app, language):
    days = [date(2026, month, 1 + month) for month in range(1, 13)]
    with app.test_request_context(), force_locale(language):
        for day in days:
            assert local_date(day) == format_date(day, DATE_PATTERN)
        moment = datetime(2026, 12, 31, 23, 30)  # UTC: already 1 January in Amsterdam
        assert local_date(moment) == format_date(date(2027, 1, 1), DATE_PATTERN)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("pattern", ["d MMM y", "medium", DATE_PATTERN])
def test_days_by_any_pattern_read_as_flask_babel_writes_them(app, language, pattern):
    with app.test_request_context(), force_locale(language):
        for month in range(1, 13):
            day = date(2026, month, 28)
            assert format_day(day, pattern) == format_date(day, pattern)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("number", [0, 0.05, 0.125, 0.5, 1, 12.5, -0.25])
def test_percentages_read_as_flask_babel_writes_them(app, language, number):
    with app.test_request_context(), force_locale(language):
        assert translation.format_percent(number) == flask_babel.format_percent(number)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_moments_read_as_flask_babel_writes_them(app, language):
    moments = [datetime(2026, month, 1 + month, month, 4 * month) for month in range(1, 13)]
    moments.append(datetime(2026, 12, 31, 23, 30))  # UTC: already 1 January in Amsterdam
    moments.append(datetime(2026, 3, 29, 0, 59))  # the hour before summer time begins
    # Every quarter of an hour around both changes of the clock, and a moment with its offset.
    for start in (datetime(2026, 3, 28, 23, 0), datetime(2026, 10, 24, 23, 0)):
        moments += [start + timedelta(minutes=15 * step) for step in range(16)]
    moments.append(datetime(2026, 7, 1, 9, 5, tzinfo=timezone(timedelta(hours=-5))))
    with app.test_request_context(), force_locale(language):
        for moment in moments:
            assert local_datetime(moment) == format_datetime(moment, DATETIME_PATTERN)
            assert local_datetime(moment.isoformat()) == local_datetime(moment)


def test_catalogue_text_is_marked_dutch_on_english_pages_only(app):
    with app.test_request_context():
        assert catalogue_text("Samenwerken") == "Samenwerken"
        with force_locale("en"):
            assert catalogue_text("Samenwerken") == '<span lang="nl">Samenwerken</span>'
        refresh()
        assert catalogue_text("Samenwerken") == "Samenwerken"


def test_outside_an_app_context_strings_are_left_untranslated():
    assert translations().ugettext("Mijn team") == "Mijn team"
    assert translation.current_locale() is None


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("number", [0, 7, 1234, 1234567, 12.25, 0.05, -3.5])
@pytest.mark.parametrize("pattern", [None, "#,##0.#"])
def test_decimalformat_writes_what_flask_babel_writes(app, language, number, pattern):
    with app.test_request_context(), force_locale(language):
        assert translation.format_decimal(number, pattern) == flask_babel.format_decimal(
            number, pattern
        )
        template = "{{ n|decimalformat }}" if pattern is None else "{{ n|decimalformat(p) }}"
        rendered = render_template_string(template, n=number, p=pattern)
        assert rendered == flask_babel.format_decimal(number, pattern)


TEMPLATE_MESSAGES = [
    '{{ _("Mijn team") }}',
    '{{ gettext("Functie") }}',
    '{{ _("Doelen van cyclus %(name)s", name=name) }}',
    '{{ _("Tekst: %(string)s", string=name) }}',  # a variable named as a parameter
    '{{ _("Voortgang: 50%%") }}',  # a literal percent sign: every message is a format string
    "{% trans %}Mijn team{% endtrans %}",
    "{% trans %}Voortgang: 50%{% endtrans %}",
    "{% trans name=name %}Doelen van cyclus {{ name }}{% endtrans %}",
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("source", TEMPLATE_MESSAGES)
def test_templates_translate_as_jinjas_own_newstyle_gettext(app, language, autoescape, source):
    # Both ways: the HTML pages escape, the plain-text mails do not.
    reference = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)  # noqa: S701
    reference.install_gettext_callables(
        lambda string: translations().ugettext(string),
        lambda singular, plural, n: translations().ungettext(singular, plural, n),
        newstyle=True,
    )
    ours = app.jinja_env.overlay(autoescape=autoescape)
    assert ours.globals["_"] is ours.globals["gettext"] is template_gettext
    name = "<b>2026 & later</b>"
    with app.test_request_context(), force_locale(language):
        expected = reference.from_string(source).render(name=name)
        assert ours.from_string(source).render(name=name) == expected
    if "Mijn team" in source:
        assert expected == {"nl": "Mijn team", "en": "My team"}[language]


def test_a_local_day_begins_at_its_moment_in_utc(app):
    """The bound of a filter on days: Amsterdam's day, in winter and in summer (not the zone's
    local mean time, which pytz gives a day made without `localize`)."""
    with app.test_request_context():
        assert utc_start_of_local_day(date(2026, 12, 8)) == datetime(2026, 12, 7, 23, 0)
        assert utc_start_of_local_day(date(2026, 7, 8)) == datetime(2026, 7, 7, 22, 0)
