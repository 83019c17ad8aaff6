"""Forms shared by every area, and the answer to a request whose hidden fields were tampered."""

from flask import request
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from werkzeug.exceptions import BadRequest
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import html_params

_VALUE = "\x00"  # where an option's value goes in its cached attributes


class EmptyForm(FlaskForm):
    """A bare button is an empty form: it still carries the CSRF token."""


class InvalidRequest(BadRequest):
    """A request no form of ours can produce (a tampered hidden field): 400 with this message."""

    def __init__(self, message: str):
        super().__init__(description=str(message))
        self.message = str(message)


def posts_any(prefixes: tuple[str, ...]) -> bool:
    """Whether the request's form carries a non-empty field whose name starts with a prefix.

    For fields a form leaves out on purpose (ratings in a cycle without them): a request that
    still sends them did not come from our page and is refused as a whole, not half stored.
    """
    return any(
        name.startswith(prefixes) and value.strip()
        for name, value in request.form.items(multi=True)
    )


def first_error(form: FlaskForm) -> str:
    """The first validation message of a form (a one-field form's only one), to flash."""
    return next((str(error) for field in form for error in field.errors), "")


class LongSelect:
    """WTForms' `Select` for lists of hundreds or thousands of options, in one pass.

    The HTML is WTForms' own, byte for byte (attributes sorted, values and labels escaped, the
    selected option marked), but an option's attributes are worked out once per kind of option
    (its `render_kw` and whether it is selected) instead of once per option, and no `Choice` is
    built for each. No option groups.
    """

    validation_attrs = ("required", "disabled")

    def __call__(self, field: "LongSelectField", **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        flags = field.flags
        for name in dir(flags):
            if name in self.validation_attrs and name not in kwargs:
                kwargs[name] = getattr(flags, name)
        html = [f"<select {html_params(name=field.name, **kwargs)}>"]
        shapes: dict[tuple, tuple[str, str]] = {}
        coerce, data = field.coerce, field.data
        for choice in field.select_choices():
            value = choice.value
            selected = coerce(value) == data
            shape = (selected, *sorted(choice.render_kw.items())) if choice.render_kw else selected
            around = shapes.get(shape)
            if around is None:
                attributes = {"value": _VALUE, **choice.render_kw}
                if selected:
                    attributes["selected"] = True
                around = shapes[shape] = tuple(html_params(**attributes).split(_VALUE))
            if isinstance(value, bool):
                value = str(value)
            label = choice.label or choice.value
            value = escape(value).replace(Markup('"'), Markup("&quot;"))
            html.append(f"<option {around[0]}{value}{around[1]}>{escape(label)}</option>")
        html.append("</select>")
        return Markup("".join(html))  # noqa: S704  (every value and label is escaped above)


# WTForms' own message, translated by WTForms' own catalogue as SelectField does: not one of ours.
WTFORMS_INVALID_CHOICE = "Not a valid choice."


class LongSelectField(SelectField):
    """A `SelectField` of many options (every department, every function): rendered by
    `LongSelect` and validated without building a `Choice` per option. Its choices are
    `SelectChoice`s (or what `SelectChoice.from_input` takes) without option groups."""

    widget = LongSelect()

    def select_choices(self) -> list[SelectChoice]:
        return [
            choice if isinstance(choice, SelectChoice) else SelectChoice.from_input(choice)
            for choice in self.choices or ()
        ]

    def has_groups(self) -> bool:
        return False

    def pre_validate(self, form) -> None:
        if self.process_errors or not self.validate_choice:
            return
        if self.choices is None:
            raise TypeError("Choices cannot be None.")
        coerce, data = self.coerce, self.data
        if not any(coerce(choice.value) == data for choice in self.select_choices()):
            raise ValidationError(
                self.invalid_choice_message or self.gettext(WTFORMS_INVALID_CHOICE)
            )
