"""Forms of a cycle's calendar: the cycle's windows per kind, and one department's window."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from pop.labels import kind_label
from pop.models import ConversationKind

KINDS = [kind.value for kind in ConversationKind]
# The fields of a kind are named in English (planning_opens_on); the kinds' values are Dutch.
PREFIXES = {kind.value: kind.name.lower() for kind in ConversationKind}


def _department_id(value) -> int | None:
    """A department's id as the form sends it; anything else is None, which the form refuses."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _check_order(opens_on: DateField, due_on: DateField) -> None:
    if opens_on.data and due_on.data and due_on.data < opens_on.data:
        raise ValidationError(_("De einddatum mag niet voor de begindatum liggen."))


class CycleWindowsForm(FlaskForm):
    """Per kind a from and a to date; both empty removes the cycle's window of that kind."""

    planning_opens_on = DateField(validators=[Optional()])
    planning_due_on = DateField(validators=[Optional()])
    review_opens_on = DateField(validators=[Optional()])
    review_due_on = DateField(validators=[Optional()])
    appraisal_opens_on = DateField(validators=[Optional()])
    appraisal_due_on = DateField(validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in KINDS:
            label = kind_label(kind).capitalize()
            opens_on, due_on = self.fields_of(kind)
            opens_on.label.text = _("%(kind)s: van", kind=label)
            due_on.label.text = _("%(kind)s: tot en met", kind=label)

    def fields_of(self, kind: str) -> tuple[DateField, DateField]:
        """The from and the to field of a kind."""
        return self[f"{PREFIXES[kind]}_opens_on"], self[f"{PREFIXES[kind]}_due_on"]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for kind in KINDS:
            opens_on, due_on = self.fields_of(kind)
            if opens_on.errors or due_on.errors:
                continue
            if bool(opens_on.data) != bool(due_on.data):
                empty = due_on if opens_on.data else opens_on
                empty.errors.append(
                    _(
                        "Vul voor het %(kind)s beide datums in, of laat beide leeg.",
                        kind=kind_label(kind),
                    )
                )
                valid = False
            else:
                try:
                    _check_order(opens_on, due_on)
                except ValidationError as problem:
                    due_on.errors.append(str(problem))
                    valid = False
        return valid

    def fill(self, windows: dict) -> None:
        for kind, window in windows.items():
            opens_on, due_on = self.fields_of(kind)
            opens_on.data, due_on.data = window.opens_on, window.due_on

    def wanted(self) -> dict[str, tuple[date, date] | None]:
        result: dict[str, tuple[date, date] | None] = {}
        for kind in KINDS:
            opens_on, due_on = (field.data for field in self.fields_of(kind))
            result[kind] = (opens_on, due_on) if opens_on and due_on else None
        return result


class DepartmentWindowForm(FlaskForm):
    """One department's own window for one kind; it holds for the departments below it too."""

    department_id = SelectField(
        _l("Afdeling"),
        coerce=_department_id,
        validate_choice=False,  # validate_department_id says it in the user's language
        validators=[InputRequired(_l("Kies een afdeling."))],
        description=_l(
            "De periode geldt ook voor de afdelingen eronder, tenzij die een eigen hebben."
        ),
    )
    kind = SelectField(
        _l("Gesprek"),
        validate_choice=False,
        validators=[InputRequired(_l("Kies het soort gesprek."))],
    )
    opens_on = DateField(_l("Van"), validators=[InputRequired(_l("Vul een geldige datum in."))])
    due_on = DateField(
        _l("Tot en met"), validators=[InputRequired(_l("Vul een geldige datum in."))]
    )

    def __init__(self, *args, departments: dict[int, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.department_id.choices = [SelectChoice(id_, path) for id_, path in departments.items()]
        self.kind.choices = [SelectChoice(kind, kind_label(kind)) for kind in KINDS]

    def validate_department_id(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_("Kies een afdeling uit de lijst."))

    def validate_kind(self, field) -> None:
        if field.data not in KINDS:
            raise ValidationError(_("Kies het soort gesprek."))

    def validate_due_on(self, field) -> None:
        _check_order(self.opens_on, field)
