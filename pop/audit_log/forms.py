"""The audit log's filter form (a GET form: no CSRF)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SearchField,
    SelectField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    NumberRange,
    Optional,
    ValidationError,
)

from pop.audit_labels import action_label
from pop.audit_log.queries import actions, object_types
from pop.hr.forms import optional_text


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    person = SearchField(
        _l("Persoon"),
        description=_l(
            "Naam, e-mailadres of personeelsnummer: wat iemand deed, en wat hem of haar betreft."
        ),
    )
    object_type = SelectField(_l("Soort object"), coerce=optional_text)
    object_id = IntegerField(
        _l("Object-ID"),
        validators=[Optional(), NumberRange(min=1, message=_l("Een ID is een positief getal."))],
    )
    action = SelectField(_l("Actie"), coerce=optional_text)
    date_from = DateField(_l("Van"), validators=[Optional()])
    date_to = DateField(_l("Tot en met"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.object_type.choices = [
            SelectChoice("", _("Alle objecten")),
            *(SelectChoice(name, name) for name in object_types()),
        ]
        self.action.choices = [
            SelectChoice("", _("Alle acties")),
            *sorted(
                (SelectChoice(name, action_label(name)) for name in actions()),
                key=lambda choice: str(choice.label).casefold(),
            ),
        ]

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_("De einddatum ligt voor de begindatum."))
