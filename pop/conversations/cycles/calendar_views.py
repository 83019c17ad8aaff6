"""A cycle's calendar page (HR): the cycle's windows per conversation kind and the departments'
own windows. The old address of the deadlines (`/termijnen`) leads here."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pop import access_calendar
from pop.access import hr_required
from pop.conversations.cycles import calendar
from pop.conversations.cycles.calendar_forms import CycleWindowsForm, DepartmentWindowForm
from pop.forms import EmptyForm
from pop.labels import kind_label
from pop.models import ConversationKind, Cycle
from pop.transactions import commit_or_show

bp = Blueprint("cycle_calendar", __name__, url_prefix="/hr")


def _page(
    cycle: Cycle,
    paths: dict[int, str],
    windows_form: CycleWindowsForm,
    department_form: DepartmentWindowForm,
    status: int = 200,
):
    department_windows = sorted(
        calendar.department_windows_of(cycle),
        key=lambda window: (paths.get(window.department_id, "").casefold(), window.kind),
    )
    page = render_template(
        "cycles/cycle_calendar.html",
        cycle=cycle,
        form=windows_form,
        department_form=department_form,
        department_windows=department_windows,
        paths=paths,
        kinds=[kind.value for kind in ConversationKind],
        remove_form=EmptyForm(),
    )
    return page, status


@bp.route("/cycli/<int:cycle_id>/kalender", methods=["GET", "POST"])
@hr_required
def calendar_page(cycle_id: int):
    """The page, and the cycle's own windows saved from it."""
    cycle = access_calendar.get_calendar_cycle_or_404(current_user, cycle_id)
    paths = calendar.department_paths()
    form = CycleWindowsForm()
    if request.method == "GET":
        form.fill(calendar.cycle_windows(cycle))
    department_form = DepartmentWindowForm(departments=paths, formdata=None)
    if not form.validate_on_submit():
        return _page(cycle, paths, form, department_form)
    done = commit_or_show(
        lambda: calendar.set_cycle_windows(cycle, form.wanted(), current_user), attempts=3
    )
    if not done:
        return _page(cycle, paths, form, department_form)
    if done.result:
        flash(_("De periodes van %(name)s zijn opgeslagen.", name=cycle.name), "success")
    else:
        flash(_("Er was niets gewijzigd."), "info")
    return redirect(url_for("cycle_calendar.calendar_page", cycle_id=cycle.id))


@bp.post("/cycli/<int:cycle_id>/kalender/afdeling")
@hr_required
def set_department_window(cycle_id: int):
    cycle = access_calendar.get_calendar_cycle_or_404(current_user, cycle_id)
    paths = calendar.department_paths()
    department_form = DepartmentWindowForm(departments=paths)
    windows_form = CycleWindowsForm(formdata=None)
    windows_form.fill(calendar.cycle_windows(cycle))
    if not department_form.validate_on_submit():
        return _page(cycle, paths, windows_form, department_form)
    department = access_calendar.get_department_or_404(
        current_user, department_form.department_id.data
    )
    done = commit_or_show(
        lambda: calendar.set_department_window(
            cycle,
            department,
            department_form.kind.data,
            department_form.opens_on.data,
            department_form.due_on.data,
            current_user,
        ),
        attempts=3,
    )
    if not done:
        return _page(cycle, paths, windows_form, department_form)
    if done.result.changed:
        flash(
            _(
                "De periode voor het %(kind)s van %(department)s is opgeslagen.",
                kind=kind_label(department_form.kind.data),
                department=department.name,
            ),
            "success",
        )
    else:
        flash(_("Er was niets gewijzigd."), "info")
    return redirect(url_for("cycle_calendar.calendar_page", cycle_id=cycle.id))


@bp.post("/cycli/<int:cycle_id>/kalender/afdeling/<int:window_id>/verwijderen")
@hr_required
def remove_department_window(cycle_id: int, window_id: int):
    cycle = access_calendar.get_calendar_cycle_or_404(current_user, cycle_id)
    window = access_calendar.get_department_window_or_404(current_user, cycle, window_id)
    kind, department = window.kind, window.department.name
    if EmptyForm().validate_on_submit() and commit_or_show(
        lambda: calendar.remove_department_window(window, current_user)
    ):
        flash(
            _(
                "%(department)s volgt voor het %(kind)s weer de algemene periode.",
                department=department,
                kind=kind_label(kind),
            ),
            "success",
        )
    return redirect(url_for("cycle_calendar.calendar_page", cycle_id=cycle.id))
