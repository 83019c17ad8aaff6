"""The anonymisation form: HR confirms by typing the person's name."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
)
from wtforms.validators import (
    DataRequired,
)


class AnonymiseForm(FlaskForm):
    confirm = BooleanField(
        _l("Ik begrijp dat dit niet ongedaan kan worden gemaakt."),
        validators=[DataRequired(_l("Bevestig dat je deze persoon wilt anonimiseren."))],
    )
