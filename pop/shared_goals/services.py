"""The rules of shared goals: who may set one, who receives it, and each member's decision.

A manager sets a teamdoel for their direct reports, and a stand-in for the team they lead today;
HR sets an afdelingsdoel for a department in their scope, subdepartments included. Distributing
gives every current member who has none yet an offer; members who join later receive the goal
only when the creator distributes it again (`distribute` is safe to repeat). A member adopts the
goal as it stands (it becomes their agreed goal), adapts it (their own edited copy, proposed to
their manager; the link stays) or declines it with a reason. Services flush; the caller commits.
A refused action raises SharedGoalError.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from pop import access, access_shared_goals, audit
from pop.dates import local_date
from pop.extensions import db
from pop.models import (
    Cycle,
    Department,
    Goal,
    GoalStatus,
    OfferStatus,
    SharedGoal,
    SharedGoalOffer,
    User,
)
from pop.models._time import utcnow
from pop.models.limits import limit
from pop.notify import Kind, app_path, notify
from pop.plan import services as plan
from pop.plan.services import GoalData
from pop.refusal import Refused


class SharedGoalError(Refused):
    """An action the rules refuse; `str(error)` is the message for the user."""


@dataclass
class SharedGoalData:
    """The fields the creator fills in."""

    title: str
    description: str
    measurable: str
    starts_on: date
    deadline: date


def _check(data: SharedGoalData, cycle: Cycle) -> None:
    if not cycle.is_open:
        raise SharedGoalError(
            _("De cyclus %(name)s is gesloten: er kunnen geen doelen bij.", name=cycle.name)
        )
    if not data.title.strip():
        raise SharedGoalError(_("Geef het doel een titel."))
    if len(data.description) > (maximum := limit("shared_goal", "description")):
        raise SharedGoalError(_("De beschrijving is langer dan %(count)d tekens.", count=maximum))
    if len(data.measurable) > (maximum := limit("shared_goal", "measurable")):
        raise SharedGoalError(_("Het meetbare deel is langer dan %(count)d tekens.", count=maximum))
    if data.deadline <= data.starts_on:
        raise SharedGoalError(_("De deadline moet na de startdatum liggen."))
    if not (cycle.contains(data.starts_on) and cycle.contains(data.deadline)):
        raise SharedGoalError(
            _(
                "Start en deadline moeten binnen de cyclus %(name)s vallen (%(start)s – %(end)s).",
                name=cycle.name,
                start=local_date(cycle.starts_on),
                end=local_date(cycle.ends_on),
            )
        )


def _create(cycle: Cycle, data: SharedGoalData, actor: User, **audience) -> SharedGoal:
    _check(data, cycle)
    shared = SharedGoal(
        cycle_id=cycle.id,
        created_by_id=actor.id,
        title=data.title.strip(),
        description=data.description,
        measurable=data.measurable,
        starts_on=data.starts_on,
        deadline=data.deadline,
        **audience,
    )
    db.session.add(shared)
    db.session.flush()
    audit.record(
        actor,
        "shared_goal_created",
        shared,
        summary=shared.title,
        changes=dict(audience),
    )
    return shared


def create_team_goal(
    cycle: Cycle, data: SharedGoalData, actor: User, team_manager: User | None = None
) -> SharedGoal:
    """A teamdoel for the direct reports of `team_manager` (the actor by default): the manager
    sets one, and so does whoever stands in for them today, in their own name."""
    team_manager = team_manager or actor
    if not access_shared_goals.may_create_shared_goal(actor, team_manager_id=team_manager.id):
        raise SharedGoalError(
            _("Alleen de leidinggevende van het team of diens vervanger kan een teamdoel maken.")
        )
    return _create(cycle, data, actor, team_manager_id=team_manager.id)


def create_department_goal(
    cycle: Cycle, department: Department, data: SharedGoalData, actor: User
) -> SharedGoal:
    """An afdelingsdoel for a department and its subdepartments; only HR over it sets one."""
    if not access_shared_goals.may_create_shared_goal(actor, department.id):
        raise SharedGoalError(
            _(
                "Alleen HR voor de afdeling %(name)s kan een afdelingsdoel maken.",
                name=department.name,
            )
        )
    return _create(cycle, data, actor, department_id=department.id)


def members(shared: SharedGoal) -> list[User]:
    """The active people the goal is for today: the team's direct reports, or the department's."""
    query = select(User).where(User.active, User.anonymised.is_(False))
    if shared.team_manager_id is not None:
        query = query.where(User.manager_id == shared.team_manager_id)
    else:
        departments = access.department_subtree_ids([shared.department_id])
        query = query.where(User.department_id.in_(departments))
    return list(db.session.scalars(query.order_by(User.name, User.id)))


def distribute(shared: SharedGoal, actor: User) -> list[SharedGoalOffer]:
    """Offer the goal to every current member who has no offer yet; returns the new offers."""
    if not access_shared_goals.may_distribute(actor, shared):
        raise SharedGoalError(_("Alleen wie het doel maakte kan het verspreiden."))
    if not shared.cycle.is_open:
        raise SharedGoalError(
            _("De cyclus %(name)s is gesloten: er kunnen geen doelen bij.", name=shared.cycle.name)
        )
    already = set(
        db.session.scalars(
            select(SharedGoalOffer.employee_id).where(SharedGoalOffer.shared_goal_id == shared.id)
        )
    )
    offers = [
        SharedGoalOffer(shared_goal_id=shared.id, employee_id=person.id)
        for person in members(shared)
        if person.id not in already and person.id != actor.id
    ]
    db.session.add_all(offers)
    shared.distributed_at = utcnow()
    db.session.flush()
    for offer in offers:
        notify(
            offer.employee,
            Kind.SHARED_GOAL_OFFERED,
            obj=offer,
            actor=actor,
            link=app_path("shared_goals.offer", offer_id=offer.id),
            title=shared.title,
        )
    audit.record(
        actor,
        "shared_goal_distributed",
        shared,
        summary=shared.title,
        changes={"offered": [offer.employee_id for offer in offers]},
    )
    return offers


def _require_open_offer(offer: SharedGoalOffer, actor: User) -> None:
    if offer.employee_id != actor.id:
        raise SharedGoalError(_("Alleen de medewerker zelf kan dit doen."))
    if offer.offer_status != OfferStatus.OFFERED:
        raise SharedGoalError(_("Over dit gedeelde doel heb je al besloten."))


def _goal_data(shared: SharedGoal) -> GoalData:
    return GoalData(
        title=shared.title,
        specific=shared.description,
        measurable=shared.measurable,
        achievable="",
        realistic="",
        starts_on=shared.starts_on,
        deadline=shared.deadline,
    )


def _decide(offer: SharedGoalOffer, actor: User, status: OfferStatus, **changes) -> None:
    offer.status = status
    offer.decided_at = utcnow()
    db.session.flush()
    audit.record(
        actor,
        f"shared_goal_{status.name.lower()}",
        offer,
        summary=offer.shared_goal.title,
        changes={"status": status.value, **changes},
    )


def adopt(offer: SharedGoalOffer, actor: User) -> Goal:
    """Take the shared goal over as it stands: it is the member's agreed goal at once."""
    _require_open_offer(offer, actor)
    goal = _make_goal(offer, _goal_data(offer.shared_goal), actor)
    goal.status = GoalStatus.AGREED.value
    offer.goal_id = goal.id
    _decide(offer, actor, OfferStatus.ADOPTED, goal_id=goal.id)
    return goal


def adapt(offer: SharedGoalOffer, data: GoalData, actor: User) -> Goal:
    """The member's own copy, edited, proposed to their manager; it stays linked."""
    _require_open_offer(offer, actor)
    goal = _make_goal(offer, data, actor)
    offer.goal_id = goal.id
    _decide(offer, actor, OfferStatus.ADAPTED, goal_id=goal.id)
    plan.propose(goal, actor)
    return goal


def decline(offer: SharedGoalOffer, actor: User, reason: str) -> None:
    """Say no, with a reason the creator reads."""
    _require_open_offer(offer, actor)
    if not reason.strip():
        raise SharedGoalError(_("Zeg kort waarom je dit doel niet overneemt."))
    if len(reason.strip()) > (maximum := limit("shared_goal_offer", "decline_reason")):
        raise SharedGoalError(_("Je reden is langer dan %(count)d tekens.", count=maximum))
    offer.decline_reason = reason.strip()
    _decide(offer, actor, OfferStatus.DECLINED)


def _make_goal(offer: SharedGoalOffer, data: GoalData, actor: User) -> Goal:
    shared = offer.shared_goal
    try:
        return plan.create_goal(offer.employee, shared.cycle, data, actor)
    except plan.PlanError as error:
        raise SharedGoalError(str(error)) from error
