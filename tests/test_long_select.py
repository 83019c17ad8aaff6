"""`LongSelectField` renders and validates exactly as WTForms' `SelectField` does."""

import pytest
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from pop.forms import LongSelectField
from pop.people.forms import optional_int

LANG = {"lang": "nl"}


def choices() -> list:
    return [
        SelectChoice("", "Alle afdelingen"),
        SelectChoice("1", "Gemeente"),
        SelectChoice("2", 'Gemeente / "Sociaal" & <Zorg>', render_kw=LANG),
        SelectChoice("3", "Gemeente / Ruimte", render_kw={"lang": "nl", "data_x": 'a"b'}),
        SelectChoice("4", "", render_kw=LANG),  # no label: the value shows
        ("6", "Als tuple"),
        SelectChoice(7, Markup("<b>Al veilig</b>")),
    ]


def text_choices() -> list:
    return [
        SelectChoice("", "Alle"),
        SelectChoice('5"><script>', "Vreemd"),
        SelectChoice("a&b", "A & B", render_kw=LANG),
        SelectChoice("True", "Waar"),
    ]


def rendered(data: dict, coerce=optional_int, options=choices, **field_options):
    class Plain(Form):
        department = SelectField("Afdeling", coerce=coerce, **field_options)

    class Long(Form):
        department = LongSelectField("Afdeling", coerce=coerce, **field_options)

    results = []
    for form_class in (Plain, Long):
        form = form_class(MultiDict(data))
        form.department.choices = options()
        valid = form.validate()
        results.append((form.department(class_="wide"), valid, form.department.errors))
    return results


@pytest.mark.parametrize("value", [None, "", "1", "2", "3", "4", "6", "7", "8", "x"])
def test_the_html_and_the_validation_are_those_of_select_field(value):
    data = {} if value is None else {"department": value}
    (plain, plain_valid, plain_errors), (long, long_valid, long_errors) = rendered(data)
    assert long == plain
    assert (long_valid, long_errors) == (plain_valid, plain_errors)


@pytest.mark.parametrize("value", [None, "", '5"><script>', "a&b", "True", "y"])
def test_values_are_escaped_as_select_field_escapes_them(value):
    data = {} if value is None else {"department": value}
    (plain, plain_valid, plain_errors), (long, long_valid, long_errors) = rendered(
        data, coerce=str, options=text_choices
    )
    assert "<script>" not in long
    assert long == plain
    assert (long_valid, long_errors) == (plain_valid, plain_errors)


def test_a_required_field_says_so_as_select_field_does():
    (plain, _, plain_errors), (long, _, long_errors) = rendered(
        {"department": "2"}, validators=[DataRequired("Kies een afdeling.")]
    )
    assert "required" in long
    assert long == plain
    assert long_errors == plain_errors == []


def test_one_option_is_marked_selected():
    (_, _, _), (long, valid, _) = rendered({"department": "3"})
    assert valid
    assert long.count(" selected") == 1
    assert '<option data-x="a&#34;b" lang="nl" selected value="3">' in long


def test_a_value_outside_the_list_is_refused():
    (_, _, _), (_, valid, errors) = rendered({"department": "99"})
    assert not valid
    assert errors == ["Not a valid choice."]
