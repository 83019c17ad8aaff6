"""Reading the HR overview's filters from the request, shared by the overview and the reports."""

import re
import unicodedata

from flask import (
    request,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from pop.access import (
    hr_department_ids,
)
from pop.extensions import db
from pop.forms import LongSelectField
from pop.hr.filter import DashboardFilter, make_filter
from pop.hr.forms import OverviewFilterForm
from pop.models import Cycle
from pop.plan.current_cycle import find_current_cycle
from pop.plan.pages import NoCurrentCycle

EXPORT = "<any(csv, xlsx):fmt>"
LIST_PER_PAGE = 25


def language() -> str:
    return str(get_locale() or "nl")


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "pop"


def list_args() -> dict[str, str]:
    """The request's query string without the page number: for exports and other pages."""
    return {key: value for key, value in request.args.items() if key != "page"}


# --- filters -----------------------------------------------------------------------------------


def overview_cycle() -> Cycle:
    """The cycle the overview shows by default: the current one, else the latest.

    A GET never opens a cycle; before the first one is opened the page says so (NoCurrentCycle).
    """
    cycle = find_current_cycle() or db.session.scalar(
        select(Cycle).order_by(Cycle.starts_on.desc(), Cycle.id.desc()).limit(1)
    )
    if cycle is None:
        raise NoCurrentCycle
    return cycle


def request_filters() -> tuple[OverviewFilterForm, DashboardFilter]:
    default_cycle = overview_cycle()
    form = OverviewFilterForm(request.args, actor=current_user, default_cycle_id=default_cycle.id)
    form.drop_invalid()
    if form.cycle.data is None:
        form.cycle.data = default_cycle.id
    dashboard_filter = make_filter(
        cycle_id=form.cycle.data,
        allowed_department_ids=hr_department_ids(current_user),
        department_id=form.department.data,
        family_id=form.family.data,
        function_id=form.function.data,
        scale=form.scale.data,
    )
    return form, dashboard_filter


def filter_description(form: OverviewFilterForm) -> list[str]:
    """The filter in words, e.g. ["Cyclus 2026", "Afdeling: Gemeente › Sociaal Domein"]."""
    parts = [_("Cyclus %(name)s", name=choice_label(form.cycle))]
    for field in (form.department, form.family, form.function, form.scale):
        if field.data is not None:
            parts.append(f"{field.label.text}: {choice_label(field)}")
    return parts


def choice_label(field) -> str:
    if isinstance(field, LongSelectField):  # one look-up, not a walk through every department
        choice = field.selected_choice()
        return str(choice.label) if choice is not None else ""
    return next((str(label) for value, label, selected, _r in field.iter_choices() if selected), "")
