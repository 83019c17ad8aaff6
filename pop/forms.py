"""Forms shared by every area, and the answer to a request whose hidden fields were tampered."""

from flask import request
from flask_wtf import FlaskForm
from werkzeug.exceptions import BadRequest


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
