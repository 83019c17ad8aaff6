"""Cycle administration pages (HR)."""

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from pop import access, access_calendar
from pop.access import hr_required
from pop.conversations.cycles import services as cycles
from pop.conversations.cycles.forms import (
    CloseCycleForm,
    CycleRatingsForm,
    OpenCycleForm,
    SecondAssessorForm,
)
from pop.conversations.cycles.ratings import set_with_ratings, why_fixed
from pop.extensions import db
from pop.models import ConversationKind, Cycle
from pop.plan.services import PlanError
from pop.transactions import commit_or_show

bp = Blueprint("cycles", __name__, url_prefix="/hr")


# --- cycle administration ----------------------------------------------------------------------


def _require_cycle_admin() -> None:
    if not access.may_administer_cycles(current_user):
        abort(403)


@bp.get("/cycli")
@hr_required
def index():
    return render_template(
        "cycles/cycles.html",
        summaries=cycles.cycle_overview(),
        kinds=[kind.value for kind in ConversationKind],
        may_administer=access.may_administer_cycles(current_user),
    )


@bp.route("/cycli/nieuw", methods=["GET", "POST"])
@hr_required
def new_cycle():
    _require_cycle_admin()
    form = OpenCycleForm()
    if form.validate_on_submit():
        try:
            cycle = cycles.open_cycle(
                form.name.data,
                form.starts_on.data,
                form.ends_on.data,
                current_user,
                with_ratings=not form.without_ratings.data,
            )
        except PlanError as problem:
            form.name.errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("De cyclus %(name)s is geopend.", name=cycle.name), "success")
            return redirect(url_for("cycles.index"))
    return render_template("cycles/cycle_new.html", form=form)


@bp.route("/cycli/<int:cycle_id>/sluiten", methods=["GET", "POST"])
@hr_required
def close_cycle(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    _require_cycle_admin()
    targets = cycles.open_cycles(except_cycle=cycle)
    form = CloseCycleForm(open_cycles=targets)
    if cycle.is_open and form.validate_on_submit():
        target_id = form.carry_over_to_id
        target = db.session.get(Cycle, target_id) if target_id is not None else None
        try:
            carried = cycles.close_cycle(cycle, current_user, target)
        except PlanError as problem:
            db.session.rollback()
            flash(str(problem), "error")
        else:
            db.session.commit()
            if target is not None:
                flash(
                    _(
                        "De cyclus %(name)s is gesloten; %(count)d lopende doelen gaan verder "
                        "in %(target)s.",
                        name=cycle.name,
                        count=carried,
                        target=target.name,
                    ),
                    "success",
                )
            else:
                flash(_("De cyclus %(name)s is gesloten.", name=cycle.name), "success")
            return redirect(url_for("cycles.index"))
    return render_template(
        "cycles/cycle_close.html",
        form=form,
        cycle=cycle,
        unfinished=cycles.unfinished_goals(cycle),
    )


@bp.get("/cycli/<int:cycle_id>/termijnen")
@hr_required
def deadlines(cycle_id: int):
    """The old address of the deadlines: they are the windows of the cycle's calendar now."""
    cycle = access_calendar.get_calendar_cycle_or_404(current_user, cycle_id)
    return redirect(url_for("cycle_calendar.calendar_page", cycle_id=cycle.id), code=301)


@bp.route("/cycli/<int:cycle_id>/tweede-beoordelaar", methods=["GET", "POST"])
@hr_required
def second_assessor(cycle_id: int):
    """Whether the cycle's beoordelingsgesprekken go to a second assessor before signing."""
    cycle = db.get_or_404(Cycle, cycle_id)
    _require_cycle_admin()
    initial = {"required": cycle.second_assessor_required}
    form = SecondAssessorForm(data=initial) if request.method == "GET" else SecondAssessorForm()
    if form.validate_on_submit():
        if cycles.set_second_assessor_required(cycle, bool(form.required.data), current_user):
            db.session.commit()
            flash(_("De instelling voor %(name)s is opgeslagen.", name=cycle.name), "success")
        else:
            flash(_("Er was niets gewijzigd."), "info")
        return redirect(url_for("cycles.index"))
    return render_template("cycles/cycle_second_assessor.html", form=form, cycle=cycle)


@bp.route("/cycli/<int:cycle_id>/oordelen", methods=["GET", "POST"])
@hr_required
def ratings(cycle_id: int):
    """Whether the cycle's conversations are rated; fixed once a judgement is recorded."""
    cycle = db.get_or_404(Cycle, cycle_id)
    _require_cycle_admin()
    initial = {"without_ratings": not cycle.with_ratings}
    form = CycleRatingsForm(data=initial) if request.method == "GET" else CycleRatingsForm()
    if form.validate_on_submit():
        wanted = not form.without_ratings.data
        outcome = commit_or_show(lambda: set_with_ratings(cycle, wanted, current_user))
        if outcome:
            if outcome.result:
                flash(_("De instelling voor %(name)s is opgeslagen.", name=cycle.name), "success")
            else:
                flash(_("Er was niets gewijzigd."), "info")
            return redirect(url_for("cycles.index"))
    return render_template(
        "cycles/cycle_ratings.html", form=form, cycle=cycle, fixed_because=why_fixed(cycle)
    )
