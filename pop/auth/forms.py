"""Forms for logging in and changing a password."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from pop.passwords import password_problems


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(_l("Vul je e-mailadres in."))])
    password = PasswordField(
        _l("Wachtwoord"), validators=[DataRequired(_l("Vul je wachtwoord in."))]
    )
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"), validators=[DataRequired(_l("Vul je huidige wachtwoord in."))]
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


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(_l("Vul de code uit je app of een herstelcode in."))],
        description=_l("De 6 cijfers uit je authenticator-app, of een van je herstelcodes."),
    )


class EnrolForm(FlaskForm):
    code = StringField(
        _l("Code uit de app"),
        validators=[DataRequired(_l("Vul de 6 cijfers uit de app in."))],
        description=_l("Na het scannen toont de app een code van 6 cijfers."),
    )


class ConfirmPasswordForm(FlaskForm):
    """A sensitive change to one's own account asks for the password again."""

    password = PasswordField(
        _l("Je wachtwoord"), validators=[DataRequired(_l("Vul je wachtwoord in."))]
    )

    def validate_password(self, field) -> None:
        if not current_user.check_password(field.data):
            raise ValidationError(_l("Het wachtwoord klopt niet."))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(_l("Vul je e-mailadres in."))])


class SetPasswordForm(FlaskForm):
    """Choosing a password through an invitation or reset link; `person` is whose it will be."""

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

    def __init__(self, person, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def validate_new_password(self, field) -> None:
        problems = password_problems(field.data, email=self.person.email, name=self.person.name)
        if problems:
            raise ValidationError(" ".join(problems))
