"""The form of a user's notification settings: which kinds by mail, and how often."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectMultipleField
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from pop.models import DigestFrequency, NotificationKind
from pop.notifications.texts import KIND_LABELS


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; `_macros.field` renders it as a fieldset with a legend."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SettingsForm(FlaskForm):
    mailed = MultiCheckboxField(
        _l("Per e-mail"),
        description=_l(
            "Wat je ook per e-mail wilt krijgen. In POP zelf zie je altijd alle meldingen; wat "
            "je daar al hebt gelezen, krijg je niet meer per e-mail."
        ),
        invalid_choice_message=_l("Kies alleen meldingen uit de lijst."),
    )
    digest = RadioField(
        _l("Hoe vaak"),
        choices=[
            SelectChoice(
                DigestFrequency.DAILY.value, _l("Eén e-mail per dag met alles bij elkaar")
            ),
            SelectChoice(
                DigestFrequency.WEEKLY.value, _l("Eén e-mail per week met alles bij elkaar")
            ),
        ],
        validators=[InputRequired(message=_l("Kies hoe vaak je e-mail wilt krijgen."))],
    )

    def __init__(self, *args, kinds: list[NotificationKind], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        self.mailed.choices = [SelectChoice(kind.value, KIND_LABELS[kind]) for kind in kinds]

    def mailed_kinds(self) -> set[NotificationKind]:
        return {NotificationKind(value) for value in self.mailed.data or []}
