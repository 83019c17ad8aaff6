"""Forms for logging in and changing a password."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from pop.auth.passwords import password_problems


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(_l("Vul uw e-mailadres in."))])
    password = PasswordField(
        _l("Wachtwoord"), validators=[DataRequired(_l("Vul uw wachtwoord in."))]
    )
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"), validators=[DataRequired(_l("Vul uw huidige wachtwoord in."))]
    )
    new_password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[DataRequired(_l("Kies een nieuw wachtwoord."))],
        description=_l(
            "Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden."
        ),
    )
    confirm_password = PasswordField(
        _l("Herhaal nieuw wachtwoord"),
        validators=[
            DataRequired(_l("Herhaal het nieuwe wachtwoord.")),
            EqualTo("new_password", _l("De twee nieuwe wachtwoorden zijn niet gelijk.")),
        ],
    )

    def validate_current_password(self, field) -> None:
        if not current_user.check_password(field.data):
            raise ValidationError(_l("Het huidige wachtwoord klopt niet."))

    def validate_new_password(self, field) -> None:
        problems = password_problems(field.data, email=current_user.email, name=current_user.name)
        if problems:
            raise ValidationError(" ".join(problems))
