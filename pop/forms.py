"""Forms shared by every area."""

from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """A bare button is an empty form: it still carries the CSRF token."""
