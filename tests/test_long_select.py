"""`LongSelectField` renders and validates exactly as WTForms' `SelectField` does."""

import pytest
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from pop.forms import LongSelectField, OptionList
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


# --- an OptionList among the choices: the same HTML and validation, kept between requests -----


def in_option_lists(coerce=optional_int, options=choices):
    """The same choices as `options`, the middle ones in one OptionList and the rest in another."""
    every = [
        choice if isinstance(choice, SelectChoice) else SelectChoice.from_input(choice)
        for choice in options()
    ]
    return [every[0], OptionList(every[1:4], coerce), OptionList(every[4:], coerce)]


def listed(data: dict, coerce=optional_int, options=in_option_lists):
    class Long(Form):
        department = LongSelectField("Afdeling", coerce=coerce)

    form = Long(MultiDict(data))
    form.department.choices = options()
    valid = form.validate()
    return form.department(class_="wide"), valid, form.department.errors


@pytest.mark.parametrize("value", [None, "", "1", "2", "3", "4", "6", "7", "8", "x"])
def test_an_option_list_renders_and_validates_as_its_choices_do(value):
    data = {} if value is None else {"department": value}
    plain, _long = rendered(data)
    assert listed(data) == plain


@pytest.mark.parametrize("value", [None, "", '5"><script>', "a&b", "True", "y"])
def test_an_option_list_escapes_values_as_select_field_does(value):
    data = {} if value is None else {"department": value}
    plain, _long = rendered(data, coerce=str, options=text_choices)
    html, valid, errors = listed(data, str, lambda: in_option_lists(str, text_choices))
    assert "<script>" not in html
    assert (html, valid, errors) == plain


def test_one_option_list_serves_many_forms_each_with_its_own_selection():
    shared = in_option_lists()

    class Long(Form):
        department = LongSelectField("Afdeling", coerce=optional_int)

    for value in ("2", "3", "", "2"):
        form = Long(MultiDict({"department": value}))
        form.department.choices = shared
        assert form.validate()
        html = form.department()
        assert html.count(" selected") == 1
        assert f'selected value="{value}"' in html
        label = form.department.selected_choice().label
        assert label == next(c.label for c in form.department.iter_choices() if c.selected)


def test_an_option_list_of_another_coerce_is_read_option_by_option():
    """Built for text values, used by a field of numbers: still exactly SelectField's answer."""
    plain, _long = rendered({"department": "3"})
    assert listed({"department": "3"}, options=lambda: in_option_lists(coerce=str)) == plain
