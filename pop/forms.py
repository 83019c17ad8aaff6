"""Forms shared by every area, and the answer to a request whose hidden fields were tampered."""

from collections.abc import Callable, Iterable

from flask import request
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from werkzeug.exceptions import BadRequest
from wtforms import SelectField
from wtforms.fields.choices import Choice, SelectChoice
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


def _around_value(render_kw: dict, selected: bool) -> tuple[str, str]:
    """An option's attributes as WTForms' `Select` writes them (sorted), split where its value
    goes."""
    attributes = {"value": _VALUE, **render_kw}
    if selected:
        attributes["selected"] = True
    before, after = html_params(**attributes).split(_VALUE)
    return before, after


def _option_html(choice: SelectChoice, selected: bool) -> str:
    """One option as WTForms' `Select` writes it (attributes sorted, value and label escaped)."""
    return _option(*_around_value(choice.render_kw, selected), choice)


def _option(before: str, after: str, choice: SelectChoice) -> str:
    value = choice.value
    if isinstance(value, bool):
        value = str(value)
    label = choice.label or choice.value
    value = escape(value).replace(Markup('"'), Markup("&quot;"))
    return f"<option {before}{value}{after}>{escape(label)}</option>"


class OptionList:
    """Options of a `LongSelectField` worked out once, to be kept between requests (every
    department of the organisation, say): their HTML unselected, and where each value is.

    A field's choices may hold an OptionList among its `SelectChoice`s. Rendering it copies
    the HTML and marks the selected option; validating it is one look-up. The HTML is that of
    `LongSelect` for the same choices; `coerce` must be the field's (otherwise the options are
    rendered and validated one by one, as plain choices).
    """

    def __init__(self, choices: Iterable[SelectChoice], coerce: Callable) -> None:
        self.choices: tuple[SelectChoice, ...] = tuple(choices)
        self.coerce = coerce
        pieces: list[str] = []
        self._bounds: list[tuple[int, int]] = []
        self._where: dict[object, list[int]] = {}
        length = 0
        for index, choice in enumerate(self.choices):
            html = _option_html(choice, selected=False)
            self._bounds.append((length, length + len(html)))
            length += len(html)
            pieces.append(html)
            self._where.setdefault(coerce(choice.value), []).append(index)
        self._html = "".join(pieces)

    def _selected(self, data) -> list[int]:
        try:
            return self._where.get(data, [])
        except TypeError:  # data that cannot be a key: compared option by option
            return [i for i, c in enumerate(self.choices) if self.coerce(c.value) == data]

    def first_selected(self, data) -> SelectChoice | None:
        found = self._selected(data)
        return self.choices[found[0]] if found else None

    def html(self, data) -> str:
        """The options' HTML, those whose value is `data` marked selected."""
        pieces, done = [], 0
        for index in self._selected(data):
            start, end = self._bounds[index]
            pieces += (self._html[done:start], _option_html(self.choices[index], selected=True))
            done = end
        if not pieces:
            return self._html
        pieces.append(self._html[done:])
        return "".join(pieces)


class LongSelect:
    """WTForms' `Select` for lists of hundreds or thousands of options, in one pass.

    The HTML is WTForms' own, byte for byte (attributes sorted, values and labels escaped, the
    selected option marked), but an option's attributes are worked out once per kind of option
    (its `render_kw` and whether it is selected) instead of once per option, and no `Choice` is
    built for each; an `OptionList` among the choices is copied as it is. No option groups.
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
        for part in field.choice_parts():
            if isinstance(part, OptionList):
                html.append(part.html(data))
                continue
            selected = coerce(part.value) == data
            shape = (selected, *sorted(part.render_kw.items())) if part.render_kw else selected
            around = shapes.get(shape)
            if around is None:
                around = shapes[shape] = _around_value(part.render_kw, selected)
            html.append(_option(*around, part))
        html.append("</select>")
        return Markup("".join(html))  # noqa: S704  (every value and label is escaped above)


# WTForms' own message, translated by WTForms' own catalogue as SelectField does: not one of ours.
WTFORMS_INVALID_CHOICE = "Not a valid choice."


class LongSelectField(SelectField):
    """A `SelectField` of many options (every department, every function): rendered by
    `LongSelect` and validated without building a `Choice` per option. Its choices are
    `SelectChoice`s (or what `SelectChoice.from_input` takes) and `OptionList`s, without
    option groups."""

    widget = LongSelect()

    def choice_parts(self) -> list[SelectChoice | OptionList]:
        """The choices, each a `SelectChoice` or an `OptionList` of the field's `coerce`."""
        parts: list[SelectChoice | OptionList] = []
        for choice in self.choices or ():
            if isinstance(choice, OptionList):
                if choice.coerce is self.coerce:
                    parts.append(choice)
                else:
                    parts.extend(choice.choices)
            elif isinstance(choice, SelectChoice):
                parts.append(choice)
            else:
                parts.append(SelectChoice.from_input(choice))
        return parts

    def select_choices(self) -> list[SelectChoice]:
        """Every choice as a `SelectChoice`, those of an `OptionList` included."""
        result: list[SelectChoice] = []
        for part in self.choice_parts():
            if isinstance(part, OptionList):
                result.extend(part.choices)
            else:
                result.append(part)
        return result

    def iter_choices(self) -> list[Choice]:
        coerce, data = self.coerce, self.data
        return [
            Choice(c.value, c.label, coerce(c.value) == data, c.render_kw)
            for c in self.select_choices()
        ]

    def has_groups(self) -> bool:
        return False

    def selected_choice(self) -> SelectChoice | None:
        """The first choice marked selected (what `iter_choices` would find), in one look-up
        per `OptionList`."""
        coerce, data = self.coerce, self.data
        for part in self.choice_parts():
            if isinstance(part, OptionList):
                found = part.first_selected(data)
                if found is not None:
                    return found
            elif coerce(part.value) == data:
                return part
        return None

    def pre_validate(self, form) -> None:
        if self.process_errors or not self.validate_choice:
            return
        if self.choices is None:
            raise TypeError("Choices cannot be None.")
        if self.selected_choice() is None:
            raise ValidationError(
                self.invalid_choice_message or self.gettext(WTFORMS_INVALID_CHOICE)
            )
