"""Progress on a goal: a check-in with a note and optional evidence sets the goal's progress.

Like the other plan services it changes objects and flushes; the caller commits. Two check-ins
on one goal at the same moment both bump the goal's version: the view retries the loser on
fresh data (`pop.concurrency.commit_with_retries`), so neither is lost.
"""

from datetime import date

from flask_babel import gettext as _

from pop import audit
from pop.extensions import db
from pop.models import CheckIn, Goal, GoalStatus, User
from pop.plan.services import PlanError, require_owner


def require_open_cycle(goal: Goal) -> None:
    """A goal of a closed cycle takes no more progress: it continues in the new cycle."""
    if not goal.cycle.is_open:
        raise PlanError(
            _(
                "De cyclus %(name)s is gesloten: voortgang kan er niet meer bij. Zet het doel"
                " voort in de nieuwe cyclus en houd daar de voortgang bij.",
                name=goal.cycle.name,
            )
        )


def add_check_in(
    goal: Goal,
    actor: User,
    *,
    on: date,
    progress: int,
    note: str,
    evidence_url: str | None = None,
    evidence_file: str | None = None,
    evidence_name: str | None = None,
    evidence_type: str | None = None,
) -> CheckIn:
    """Log progress; the first check-in starts an agreed goal, the latest sets its progress."""
    require_owner(goal, actor)
    require_open_cycle(goal)
    if goal.goal_status not in (GoalStatus.AGREED, GoalStatus.IN_PROGRESS):
        raise PlanError(_("Voortgang kan pas worden bijgehouden als het doel is afgesproken."))
    if not 0 <= progress <= 100:
        raise PlanError(_("De voortgang is een percentage van 0 tot en met 100."))
    if on > date.today():
        raise PlanError(_("De datum van een voortgangsmoment kan niet in de toekomst liggen."))
    check_in = CheckIn(
        goal=goal,
        author_id=actor.id,
        on=on,
        progress=progress,
        note=note.strip(),
        evidence_url=evidence_url or None,
        evidence_file=evidence_file,
        evidence_name=evidence_name,
        evidence_type=evidence_type,
    )
    db.session.add(check_in)
    latest = max(goal.check_ins, key=lambda item: (item.on, item.id or 0))
    goal.progress = latest.progress
    goal.updated_by_id = actor.id
    if goal.goal_status == GoalStatus.AGREED:
        goal.status = GoalStatus.IN_PROGRESS.value
    db.session.flush()
    audit.record(
        actor,
        "check_in_added",
        goal,
        summary=goal.title,
        changes={"progress": progress, "on": on.isoformat(), "check_in": check_in.id},
    )
    return check_in
