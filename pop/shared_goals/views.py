"""Shared goal pages: the list with progress, making one, a goal's members, and a member's offer."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import Row, select

from pop import access, access_shared_goals
from pop.extensions import db
from pop.forms import EmptyForm
from pop.models import Cycle, Department, OfferStatus, SharedGoal, SharedGoalOffer, User
from pop.plan.forms import GoalForm
from pop.plan.pages import current_cycle_for_page
from pop.shared_goals import queries, services
from pop.shared_goals.forms import DeclineForm, SharedGoalForm
from pop.transactions import commit_or_show

bp = Blueprint("shared_goals", __name__, url_prefix="/gedeelde-doelen")

# The HR dashboard shows this many shared goals; the rest are on the list a click away.
DASHBOARD_SHOWN = 10


@bp.app_template_global()
def open_shared_goal_offers() -> list[Row]:
    """The current visitor's offers waiting for a decision, as rows (for Mijn POP)."""
    return queries.open_offers(current_user.id)


@bp.app_template_global()
def team_shared_goals(cycle: Cycle) -> dict:
    """The teamdoelen of the visitor's team in `cycle`, with their progress (the team view)."""
    goals = queries.team_goals(current_user, cycle.id)
    return {"goals": goals, "progress": queries.progress_of([goal.id for goal in goals])}


@bp.app_template_global()
def hr_shared_goals(cycle: Cycle) -> dict:
    """The newest shared goals HR sees in `cycle`, with their progress (the HR dashboard)."""
    page = queries.shared_goals_of_cycle(current_user, cycle.id, 1, per_page=DASHBOARD_SHOWN)
    goals = list(page.items)
    return {
        "goals": goals,
        "total": page.total,
        "progress": queries.progress_of([goal.id for goal in goals]),
    }


@bp.app_template_filter("offer_status")
def offer_status_label(value: str) -> str:
    return {
        OfferStatus.OFFERED.value: _("aangeboden"),
        OfferStatus.ADOPTED.value: _("overgenomen"),
        OfferStatus.ADAPTED.value: _("aangepast"),
        OfferStatus.DECLINED.value: _("afgewezen"),
    }[value]


def _require_lister() -> None:
    if not access_shared_goals.may_list_shared_goals(current_user):
        abort(404)


@bp.get("/")
@login_required
def index():
    _require_lister()
    cycle = current_cycle_for_page()
    page = queries.shared_goals_of_cycle(
        current_user, cycle.id, request.args.get("page", 1, type=int)
    )
    return render_template(
        "shared_goals/index.html",
        cycle=cycle,
        page=page,
        progress=queries.progress_of([goal.id for goal in page.items]),
        may_create=any(_audiences_of(current_user)),
    )


def _audiences_of(viewer) -> tuple[list[User], list[Department]]:
    """For whom the viewer may make a goal: the managers whose team they lead (their own, those
    they stand in for today), and the departments in HR scope."""
    departments = (
        list(db.session.scalars(access.visible_departments(viewer))) if viewer.is_hr else []
    )
    team_ids = access_shared_goals.teams_to_give_goals(viewer)
    teams = list(db.session.scalars(select(User).where(User.id.in_(team_ids)).order_by(User.name)))
    own = [manager for manager in teams if manager.id == viewer.id]
    return own + [manager for manager in teams if manager.id != viewer.id], departments


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new():
    _require_lister()
    cycle = current_cycle_for_page()
    teams, departments = _audiences_of(current_user)
    if not teams and not departments:
        abort(403)
    form = SharedGoalForm()
    form.offer_audiences(viewer=current_user, teams=teams, departments=departments)
    if not form.is_submitted():
        form.starts_on.data = max(date.today(), cycle.starts_on)
        form.deadline.data = cycle.ends_on
    if form.validate_on_submit():
        done = commit_or_show(lambda: _create(cycle.id, form))
        if done:
            shared, offered = done.result
            flash(
                ngettext(
                    "Het doel is aangeboden aan %(num)d medewerker.",
                    "Het doel is aangeboden aan %(num)d medewerkers.",
                    offered,
                ),
                "success",
            )
            return redirect(url_for("shared_goals.shared_goal", shared_goal_id=shared.id))
    return render_template("shared_goals/new.html", form=form, cycle=cycle)


def _create(cycle_id: int, form: SharedGoalForm) -> tuple[SharedGoal, int]:
    cycle = db.session.get(Cycle, cycle_id)
    department_id, team_manager_id = form.department_id(), form.team_manager_id()
    if team_manager_id is not None:
        team_manager = db.session.get(User, team_manager_id)
        shared = services.create_team_goal(cycle, form.data_of_goal(), current_user, team_manager)
    elif department_id is None:
        shared = services.create_team_goal(cycle, form.data_of_goal(), current_user)
    else:
        department = db.session.get(Department, department_id)
        shared = services.create_department_goal(
            cycle, department, form.data_of_goal(), current_user
        )
    return shared, len(services.distribute(shared, current_user))


@bp.get("/<int:shared_goal_id>")
@login_required
def shared_goal(shared_goal_id: int):
    shared = access_shared_goals.get_shared_goal_or_404(current_user, shared_goal_id)
    return render_template(
        "shared_goals/shared_goal.html",
        shared=shared,
        offers=queries.offers_of(shared.id),
        progress=queries.progress_of([shared.id]).get(shared.id),
        may_distribute=access_shared_goals.may_distribute(current_user, shared)
        and shared.cycle.is_open,
        distribute_form=EmptyForm(),
    )


@bp.post("/<int:shared_goal_id>/verspreiden")
@login_required
def distribute(shared_goal_id: int):
    """Offer the goal again, to the members who joined since it was offered."""
    shared = access_shared_goals.get_shared_goal_or_404(current_user, shared_goal_id)
    if not access_shared_goals.may_distribute(current_user, shared):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)

    def work() -> int:
        fresh = db.session.get(SharedGoal, shared.id, populate_existing=True)
        return len(services.distribute(fresh, current_user))

    done = commit_or_show(work, attempts=3)
    if done:
        if done.result:
            flash(
                ngettext(
                    "Het doel is aangeboden aan %(num)d nieuwe medewerker.",
                    "Het doel is aangeboden aan %(num)d nieuwe medewerkers.",
                    done.result,
                ),
                "success",
            )
        else:
            flash(_("Iedereen in het team of de afdeling heeft dit doel al gekregen."), "info")
    return redirect(url_for("shared_goals.shared_goal", shared_goal_id=shared.id))


# --- a member's offer ------------------------------------------------------------------------


def _offer_page(offer: SharedGoalOffer, decline_form: DeclineForm | None = None):
    return render_template(
        "shared_goals/offer.html",
        offer=offer,
        shared=offer.shared_goal,
        is_open=offer.offer_status == OfferStatus.OFFERED and offer.shared_goal.cycle.is_open,
        adopt_form=EmptyForm(),
        decline_form=decline_form or DeclineForm(formdata=None),
    )


@bp.get("/aanbod/<int:offer_id>")
@login_required
def offer(offer_id: int):
    return _offer_page(access_shared_goals.get_own_offer_or_404(current_user, offer_id))


def _fresh_offer(offer_id: int) -> SharedGoalOffer:
    """The offer as it is now, locked, so that two decisions at once cannot both pass."""
    return db.session.scalar(
        db.select(SharedGoalOffer)
        .where(SharedGoalOffer.id == offer_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


@bp.post("/aanbod/<int:offer_id>/overnemen")
@login_required
def adopt(offer_id: int):
    found = access_shared_goals.get_own_offer_or_404(current_user, offer_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    done = commit_or_show(lambda: services.adopt(_fresh_offer(found.id), current_user), attempts=3)
    if done:
        flash(_("Je hebt het doel overgenomen: het staat afgesproken in je POP."), "success")
        return redirect(url_for("plan.goal", goal_id=done.result.id))
    return redirect(url_for("shared_goals.offer", offer_id=found.id))


@bp.route("/aanbod/<int:offer_id>/aanpassen", methods=["GET", "POST"])
@login_required
def adapt(offer_id: int):
    found = access_shared_goals.get_own_offer_or_404(current_user, offer_id)
    shared = found.shared_goal
    if found.offer_status != OfferStatus.OFFERED:
        flash(_("Over dit gedeelde doel heb je al besloten."), "info")
        return redirect(url_for("shared_goals.offer", offer_id=found.id))
    form = GoalForm(cycle=shared.cycle, employee_id=current_user.id)
    form.offer_competencies(current_user)
    if not form.is_submitted():
        form.title.data = shared.title
        form.specific.data = shared.description
        form.measurable.data = shared.measurable
        form.starts_on.data = shared.starts_on
        form.deadline.data = shared.deadline
    if form.validate_on_submit():
        done = commit_or_show(
            lambda: services.adapt(_fresh_offer(found.id), form.goal_data(), current_user),
            attempts=3,
        )
        if done:
            flash(
                _("Je eigen versie van het doel is voorgesteld aan je leidinggevende."), "success"
            )
            return redirect(url_for("plan.goal", goal_id=done.result.id))
    return render_template("shared_goals/adapt.html", form=form, offer=found, shared=shared)


@bp.post("/aanbod/<int:offer_id>/afwijzen")
@login_required
def decline(offer_id: int):
    found = access_shared_goals.get_own_offer_or_404(current_user, offer_id)
    form = DeclineForm()
    if form.validate_on_submit():
        done = commit_or_show(
            lambda: services.decline(_fresh_offer(found.id), current_user, form.reason.data),
            attempts=3,
        )
        if done:
            flash(_("Je hebt het doel afgewezen; wie het maakte leest je reden."), "success")
            return redirect(url_for("plan.my_pop"))
    return _offer_page(found, form)
