"""Forms of the HR overview: the dashboard's and the audit log's filters (GET, no CSRF), and the
cycle administration and anonymisation (POST, with CSRF)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SearchField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from pop.audit_labels import action_label
from pop.extensions import db
from pop.hr.audit_log import actions, object_types
from pop.hr.forms import department_choices, optional_int
from pop.labels import kind_label
from pop.models import ConversationKind, Cycle, FunctionFamily, FunctionLevel, JobFunction, User


def optional_text(value) -> str | None:
    return value or None


def _scale_key(scale: str) -> tuple[int, float, str]:
    try:
        return (0, float(scale.replace(",", ".")), scale)
    except ValueError:
        return (1, 0.0, scale)


class OverviewFilterForm(FlaskForm):
    """Which cycle and which part of the organisation the dashboard and reports are about."""

    class Meta:
        csrf = False

    cycle = SelectField(_l("Cyclus"), coerce=optional_int)
    department = SelectField(
        _l("Afdeling"), coerce=optional_int, description=_l("Met alle onderliggende afdelingen.")
    )
    family = SelectField(_l("Functiefamilie"), coerce=optional_int)
    function = SelectField(_l("Functie"), coerce=optional_int)
    scale = SelectField(_l("Schaal"), coerce=optional_text)

    def __init__(self, *args, actor: User, default_cycle_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cycles = db.session.scalars(select(Cycle).order_by(Cycle.starts_on.desc(), Cycle.id))
        self.cycle.choices = [
            SelectChoice(
                str(cycle.id),
                cycle.name if cycle.is_open else _("%(name)s (gesloten)", name=cycle.name),
            )
            for cycle in cycles
        ]
        if self.cycle.data is None:
            self.cycle.data = default_cycle_id
        self.department.choices = [
            SelectChoice("", _("Alle afdelingen")),
            *department_choices(actor),
        ]
        families = db.session.scalars(
            select(FunctionFamily).order_by(func.lower(FunctionFamily.name))
        )
        self.family.choices = [
            SelectChoice("", _("Alle functiefamilies")),
            *(SelectChoice(str(family.id), family.name) for family in families),
        ]
        functions = db.session.execute(
            select(JobFunction.id, JobFunction.title, JobFunction.source_filename)
        ).all()
        titled = sorted(
            ((id_, title or source) for id_, title, source in functions),
            key=lambda item: (item[1].casefold(), item[0]),
        )
        self.function.choices = [
            SelectChoice("", _("Alle functies")),
            *(SelectChoice(str(id_), title) for id_, title in titled),
        ]
        scales = db.session.scalars(select(FunctionLevel.scale).distinct())
        self.scale.choices = [
            SelectChoice("", _("Alle schalen")),
            *(SelectChoice(scale, scale) for scale in sorted(scales, key=_scale_key)),
        ]

    def drop_invalid(self) -> None:
        """A hand-made or stale query string: forget the filters that make no sense."""
        if not self.validate():
            for field in self:
                if field.errors:
                    field.data, field.errors = field.default, []

    @property
    def is_filtered(self) -> bool:
        return any(
            field.data is not None
            for field in (self.department, self.family, self.function, self.scale)
        )

    def query_args(self) -> dict[str, str]:
        """The filter as query-string arguments, for links to lists and exports."""
        args = {}
        for field in (self.cycle, self.department, self.family, self.function, self.scale):
            if field.data is not None:
                args[field.name] = str(field.data)
        return args


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


class OpenCycleForm(FlaskForm):
    name = StringField(
        _l("Naam"),
        validators=[DataRequired(_l("Geef de cyclus een naam.")), Length(max=100)],
        description=_l("Bijvoorbeeld het jaar: 2027."),
    )
    starts_on = DateField(
        _l("Begindatum"), validators=[InputRequired(_l("Vul een geldige datum in."))]
    )
    ends_on = DateField(
        _l("Einddatum"), validators=[InputRequired(_l("Vul een geldige datum in."))]
    )

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data <= self.starts_on.data:
            raise ValidationError(_("De einddatum van een cyclus moet na de begindatum liggen."))


LEAVE_GOALS = "laten"


class CloseCycleForm(FlaskForm):
    unfinished = RadioField(
        _l("Wat gebeurt er met de doelen die nog niet af zijn?"),
        validators=[InputRequired(_l("Kies wat er met de lopende doelen gebeurt."))],
    )

    def __init__(self, *args, open_cycles: list[Cycle], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.unfinished.choices = [
            *(
                SelectChoice(str(cycle.id), _("Meenemen naar de cyclus %(name)s", name=cycle.name))
                for cycle in open_cycles
            ),
            SelectChoice(LEAVE_GOALS, _("Laten staan in deze cyclus (ze gaan niet mee)")),
        ]

    @property
    def carry_over_to_id(self) -> int | None:
        return None if self.unfinished.data == LEAVE_GOALS else int(self.unfinished.data)


class DeadlinesForm(FlaskForm):
    """A deadline per conversation kind; an empty field removes it."""

    planning = DateField(validators=[Optional()])
    review = DateField(validators=[Optional()])
    appraisal = DateField(validators=[Optional()])

    FIELDS = {
        "planning": ConversationKind.PLANNING,
        "review": ConversationKind.REVIEW,
        "appraisal": ConversationKind.APPRAISAL,
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, kind in self.FIELDS.items():
            self[name].label.text = _("Uiterlijk gevoerd: %(kind)s", kind=kind_label(kind.value))

    def wanted(self) -> dict[str, object]:
        return {kind.value: self[name].data for name, kind in self.FIELDS.items()}


class AnonymiseForm(FlaskForm):
    confirm = BooleanField(
        _l("Ik begrijp dat dit niet ongedaan kan worden gemaakt."),
        validators=[DataRequired(_l("Bevestig dat u deze persoon wilt anonimiseren."))],
    )
