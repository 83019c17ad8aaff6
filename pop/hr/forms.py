"""The HR overview's filter form (a GET form: no CSRF)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import (
    SelectField,
)
from wtforms.fields.choices import SelectChoice

from pop.access import hr_department_ids
from pop.catalogue_text import catalogue_attributes
from pop.extensions import db
from pop.forms import LongSelectField, OptionList
from pop.models import Cycle, FunctionFamily, FunctionLevel, JobFunction, User
from pop.people.forms import department_choices, optional_int
from pop.people.services import department_tree


def optional_text(value) -> str | None:
    return value or None


# The whole organisation's department options, worked out once per version of the department
# tree: (the tree's cached order, which is a new list whenever a department changed, and them).
_ORGANISATION_OPTIONS: list[tuple[list[int], OptionList]] = []


def department_options(actor: User) -> list[SelectChoice | OptionList]:
    """The departments `actor` may filter on, labelled with their full path. For HR of the
    whole organisation that is every department, kept between requests until one changes
    (their labels are names, the same in every language)."""
    if hr_department_ids(actor) is not None:
        return department_choices(actor)
    paths, ordered = department_tree()
    cached = _ORGANISATION_OPTIONS[0] if _ORGANISATION_OPTIONS else None
    if cached is not None and cached[0] is ordered:
        return [cached[1]]
    options = OptionList((SelectChoice(str(i), paths[i]) for i in ordered), optional_int)
    _ORGANISATION_OPTIONS[:] = [(ordered, options)]
    return [options]


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
    department = LongSelectField(
        _l("Afdeling"), coerce=optional_int, description=_l("Met alle onderliggende afdelingen.")
    )
    family = SelectField(_l("Functiefamilie"), coerce=optional_int)
    function = LongSelectField(_l("Functie"), coerce=optional_int)
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
            *department_options(actor),
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
        catalogue = catalogue_attributes()
        self.function.choices = [
            SelectChoice("", _("Alle functies")),
            *(SelectChoice(str(id_), title, render_kw=catalogue) for id_, title in titled),
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
