"""The rules of the development plan: cycles, goals and their status transitions, comments.

Services change objects and flush; the caller commits. A refused action raises PlanError with
a message in the user's language, and changes nothing. Check-ins live in `check_ins.py`.
"""

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from pop import access, audit
from pop.dates import local_date
from pop.extensions import db
from pop.models import (
    OPEN_STATUSES,
    Cycle,
    DevelopmentTip,
    Goal,
    GoalComment,
    GoalStatus,
    User,
)
from pop.models._time import utcnow
from pop.notify import Kind, notify, notify_team_lead
from pop.refusal import Refused
from pop.text import title_from


class PlanError(Refused):
    """An action the rules refuse; `str(error)` is the message for the user."""


class GoalConflict(PlanError):
    """Someone else saved the goal after the form was loaded."""


@dataclass
class GoalData:
    """The fields an employee fills in for a goal."""

    title: str
    specific: str
    measurable: str
    achievable: str
    realistic: str
    starts_on: date
    deadline: date
    competency_id: int | None = None


SMART_FIELDS = (
    "title",
    "specific",
    "measurable",
    "achievable",
    "realistic",
    "starts_on",
    "deadline",
)


# --- cycles ------------------------------------------------------------------------------------


def open_cycle(
    name: str, starts_on: date, ends_on: date, actor: User, *, with_ratings: bool = True
) -> Cycle:
    if ends_on <= starts_on:
        raise PlanError(_("De einddatum van een cyclus moet na de begindatum liggen."))
    if db.session.scalar(select(Cycle).where(Cycle.name == name)):
        raise PlanError(_("Er is al een cyclus met de naam %(name)s.", name=name))
    cycle = Cycle(
        name=name, starts_on=starts_on, ends_on=ends_on, is_open=True, with_ratings=with_ratings
    )
    db.session.add(cycle)
    db.session.flush()
    audit.record(actor, "cycle_opened", cycle, summary=name, changes={"with_ratings": with_ratings})
    return cycle


def close_cycle(cycle: Cycle, actor: User, *, carry_over_to: Cycle | None = None) -> int:
    """Close a cycle; unfinished goals move on to `carry_over_to` when given. Returns that count."""
    if not cycle.is_open:
        raise PlanError(_("Deze cyclus is al gesloten."))
    carried = 0
    if carry_over_to is not None:
        if not carry_over_to.is_open or carry_over_to.id == cycle.id:
            raise PlanError(_("Doelen kunnen alleen naar een andere, open cyclus."))
        unfinished = db.session.scalars(
            select(Goal).where(Goal.cycle_id == cycle.id, Goal.status.in_(OPEN_STATUSES))
        ).all()
        for goal in unfinished:
            carry_over(goal, carry_over_to, actor)
            carried += 1
    cycle.is_open = False
    cycle.closed_at = utcnow()
    audit.record(actor, "cycle_closed", cycle, summary=cycle.name, changes={"carried": carried})
    return carried


def carry_over(goal: Goal, to_cycle: Cycle, actor: User) -> Goal:
    """Continue an unfinished goal in the next cycle, keeping where it stood."""
    if goal.goal_status.is_final:
        raise PlanError(_("Een afgerond of gestopt doel gaat niet mee naar een volgende cyclus."))
    deadline = goal.deadline if to_cycle.contains(goal.deadline) else to_cycle.ends_on
    copy = Goal(
        employee_id=goal.employee_id,
        cycle_id=to_cycle.id,
        competency_id=goal.competency_id,
        source_tip_id=goal.source_tip_id,
        carried_over_from_id=goal.id,
        title=goal.title,
        specific=goal.specific,
        measurable=goal.measurable,
        achievable=goal.achievable,
        realistic=goal.realistic,
        starts_on=max(goal.starts_on, to_cycle.starts_on),
        deadline=deadline,
        status=goal.status,
        progress=goal.progress,
        updated_by_id=actor.id,
    )
    db.session.add(copy)
    db.session.flush()
    audit.record(actor, "goal_carried_over", copy, summary=goal.title, changes={"from": goal.id})
    return copy


# --- goals -------------------------------------------------------------------------------------


# A title made from a tip is its first sentence, cut at a word: short enough for a list.
SUGGESTED_TITLE_LENGTH = 80


def suggestion_for_tip(tip: DevelopmentTip, cycle: Cycle, today: date | None = None) -> GoalData:
    """A starting point for a goal made from a development tip: the employee completes it."""
    today = today or date.today()
    starts_on = min(max(today, cycle.starts_on), cycle.ends_on)
    deadline = min(starts_on + timedelta(days=91), cycle.ends_on)
    return GoalData(
        title=title_from(tip.text, SUGGESTED_TITLE_LENGTH),
        specific=tip.text,
        measurable="",  # the employee says how they will know: a stock sentence says nothing
        achievable="",
        realistic="",
        starts_on=starts_on,
        deadline=deadline,
        competency_id=tip.competency_id,
    )


def title_in_use(employee_id: int, title: str, *, except_goal_id: int | None = None) -> bool:
    """Whether the employee already has an open goal with this title (case-insensitive)."""
    query = select(func.count(Goal.id)).where(
        Goal.employee_id == employee_id,
        Goal.status.in_(OPEN_STATUSES),
        func.lower(Goal.title) == title.strip().lower(),
    )
    if except_goal_id is not None:
        query = query.where(Goal.id != except_goal_id)
    return db.session.scalar(query) > 0


def _check_dates(data: GoalData, cycle: Cycle) -> None:
    if data.deadline <= data.starts_on:
        raise PlanError(_("De deadline moet na de startdatum liggen."))
    if not (cycle.contains(data.starts_on) and cycle.contains(data.deadline)):
        raise PlanError(
            _(
                "Start en deadline moeten binnen de cyclus %(name)s vallen (%(start)s – %(end)s).",
                name=cycle.name,
                start=local_date(cycle.starts_on),
                end=local_date(cycle.ends_on),
            )
        )


def create_goal(
    employee: User,
    cycle: Cycle,
    data: GoalData,
    actor: User,
    *,
    source_tip: DevelopmentTip | None = None,
) -> Goal:
    if not cycle.is_open:
        raise PlanError(
            _("De cyclus %(name)s is gesloten: er kunnen geen doelen bij.", name=cycle.name)
        )
    _check_dates(data, cycle)
    if title_in_use(employee.id, data.title):
        raise PlanError(_("Je hebt al een lopend doel met deze titel."))
    goal = Goal(
        employee_id=employee.id,
        cycle_id=cycle.id,
        source_tip_id=source_tip.id if source_tip else None,
        status=GoalStatus.CONCEPT.value,
        progress=0,
        updated_by_id=actor.id,
        **asdict(data),
    )
    db.session.add(goal)
    db.session.flush()
    audit.record(actor, "goal_created", goal, summary=goal.title, changes=_snapshot(goal))
    return goal


def _snapshot(goal: Goal) -> dict:
    return {field: getattr(goal, field) for field in (*SMART_FIELDS, "competency_id")}


def conflict_message(goal: Goal) -> str:
    """What the person whose save lost a race reads: who saved first, and that nothing is lost."""
    return _(
        "%(name)s heeft dit doel intussen gewijzigd. Je invoer staat hieronder; vergelijk die "
        "met de huidige versie en sla opnieuw op.",
        name=goal.updated_by.name if goal.updated_by else _("iemand anders"),
    )


@dataclass(frozen=True)
class GoalUpdate:
    """What `update_goal` decided."""

    goal: Goal
    changed: bool = False
    back_to_manager: bool = False  # an agreed goal changed: it waits for agreement again


def update_goal(goal: Goal, data: GoalData, actor: User, *, expected_version: int) -> GoalUpdate:
    """Save the SMART fields; an agreed goal whose fields change goes back to the manager."""
    if goal.version != expected_version:
        raise GoalConflict(conflict_message(goal))
    require_open_cycle(goal)
    if goal.goal_status.is_final:
        raise PlanError(_("Een afgerond of gestopt doel kan niet meer worden gewijzigd."))
    _check_dates(data, goal.cycle)
    if title_in_use(goal.employee_id, data.title, except_goal_id=goal.id):
        raise PlanError(_("Je hebt al een lopend doel met deze titel."))
    before = _snapshot(goal)
    for field, value in asdict(data).items():
        setattr(goal, field, value)
    changes = audit.diff(before, _snapshot(goal))
    if not changes:
        return GoalUpdate(goal)
    goal.updated_by_id = actor.id
    back_to_manager = goal.goal_status in (GoalStatus.AGREED, GoalStatus.IN_PROGRESS)
    if back_to_manager:
        changes["status"] = [goal.status, GoalStatus.PROPOSED.value]
        goal.status = GoalStatus.PROPOSED.value
    db.session.flush()
    audit.record(actor, "goal_changed", goal, summary=goal.title, changes=changes)
    return GoalUpdate(goal, changed=True, back_to_manager=back_to_manager)


def require_open_cycle(goal: Goal) -> None:
    """A closed cycle is read-only: its goals no longer change (they continue in the next)."""
    if not goal.cycle.is_open:
        raise PlanError(
            _("De cyclus %(name)s is gesloten: dit doel verandert niet meer.", name=goal.cycle.name)
        )


def _transition(goal: Goal, actor: User, new: GoalStatus, action: str, **changes) -> None:
    require_open_cycle(goal)
    old = goal.status
    goal.status = new.value
    goal.updated_by_id = actor.id
    db.session.flush()
    audit.record(
        actor, action, goal, summary=goal.title, changes={"status": [old, new.value], **changes}
    )


def require_owner(goal: Goal, actor: User) -> None:
    if goal.employee_id != actor.id:
        raise PlanError(_("Alleen de medewerker zelf kan dit doen."))


def _require_manager(goal: Goal, actor: User) -> None:
    if not access.is_goal_manager(actor, goal):
        raise PlanError(_("Alleen de leidinggevende van de medewerker kan dit doen."))


def propose(goal: Goal, actor: User) -> None:
    """The employee asks the manager to agree the goal."""
    require_owner(goal, actor)
    if goal.goal_status != GoalStatus.CONCEPT:
        raise PlanError(_("Alleen een concept kan worden voorgesteld."))
    if goal.employee.manager_id is None:
        raise PlanError(_("Je hebt geen leidinggevende om het doel aan voor te stellen."))
    _transition(goal, actor, GoalStatus.PROPOSED, "goal_proposed")
    notify_team_lead(goal.employee.manager, Kind.GOAL_PROPOSED, obj=goal, actor=actor)


def agree(goal: Goal, actor: User) -> None:
    _require_manager(goal, actor)
    if goal.goal_status != GoalStatus.PROPOSED:
        raise PlanError(_("Alleen een voorgesteld doel kan worden afgesproken."))
    status = GoalStatus.IN_PROGRESS if goal.check_ins else GoalStatus.AGREED
    _transition(goal, actor, status, "goal_agreed")
    notify(goal.employee, Kind.GOAL_AGREED, obj=goal, actor=actor)


def send_back(goal: Goal, actor: User, comment: str) -> None:
    """The manager returns a proposed goal to the employee, saying why."""
    _require_manager(goal, actor)
    if goal.goal_status != GoalStatus.PROPOSED:
        raise PlanError(_("Alleen een voorgesteld doel kan worden teruggestuurd."))
    if not comment.strip():
        raise PlanError(_("Schrijf erbij waarom je het doel terugstuurt."))
    add_comment(goal, actor, comment)
    _transition(goal, actor, GoalStatus.CONCEPT, "goal_sent_back", comment=comment)
    notify(goal.employee, Kind.GOAL_SENT_BACK, obj=goal, actor=actor, reason=comment.strip())


def stop(goal: Goal, actor: User, reason: str) -> None:
    if goal.employee_id != actor.id and not access.is_goal_manager(actor, goal):
        raise PlanError(_("Alleen de medewerker of de leidinggevende kan een doel stoppen."))
    if goal.goal_status.is_final:
        raise PlanError(_("Dit doel is al afgerond of gestopt."))
    if not reason.strip():
        raise PlanError(_("Geef een reden waarom het doel stopt."))
    goal.stop_reason = reason.strip()
    _transition(goal, actor, GoalStatus.STOPPED, "goal_stopped", reason=goal.stop_reason)


def complete(goal: Goal, actor: User, reflection: str) -> None:
    """The employee closes a goal that is agreed or under way, with a short reflection."""
    require_owner(goal, actor)
    if goal.goal_status not in (GoalStatus.AGREED, GoalStatus.IN_PROGRESS):
        raise PlanError(_("Alleen een afgesproken doel waaraan je werkt kan worden afgerond."))
    if len(reflection.split()) < 3:
        raise PlanError(_("Schrijf in een paar zinnen terug wat je hebt geleerd."))
    goal.reflection = reflection.strip()
    goal.progress = 100
    _transition(goal, actor, GoalStatus.DONE, "goal_completed", reflection=goal.reflection)


# --- comments ----------------------------------------------------------------------------------


def add_comment(goal: Goal, actor: User, body: str) -> GoalComment:
    if goal.employee_id != actor.id and not access.is_goal_manager(actor, goal):
        raise PlanError(_("Alleen de medewerker en de leidinggevende kunnen reageren."))
    if not body.strip():
        raise PlanError(_("Een reactie kan niet leeg zijn."))
    comment = GoalComment(goal=goal, author_id=actor.id, body=body.strip())
    db.session.add(comment)
    db.session.flush()
    audit.record(actor, "goal_commented", goal, summary=goal.title)
    if actor.id != goal.employee_id:
        notify(goal.employee, Kind.COMMENT_ADDED, obj=goal, actor=actor)
    else:
        notify_team_lead(goal.employee.manager, Kind.COMMENT_ADDED, obj=goal, actor=actor)
    return comment
