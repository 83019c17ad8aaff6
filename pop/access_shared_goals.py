"""Who may make, see and decide on shared goals: access.py's part for them, beside it.

A shared goal is seen by whoever made it, by whoever leads the team it is for (its manager, or
a stand-in today) and by HR over its department, or over the team manager's department for a
teamdoel; to anyone else it does not exist (404). An offer is its member's alone. A module of
its own because access.py is at the size limit; like access_feedback it is in the access layer.
"""

from sqlalchemy import Select, or_, select, true
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from pop.access_support import (
    LoadOptions,
    acting_manager_ids,
    hr_department_ids,
    leads_a_team,
    one_or_404,
)
from pop.models import SharedGoal, SharedGoalOffer, User

__all__ = [
    "get_own_offer_or_404",
    "get_shared_goal_or_404",
    "may_create_shared_goal",
    "may_distribute",
    "may_list_shared_goals",
    "shared_goal_scope",
    "teams_to_give_goals",
    "visible_shared_goals",
]


def teams_to_give_goals(viewer: User) -> list[int]:
    """The managers whose team `viewer` may give a teamdoel: their own (a manager), and each
    one they stand in for today."""
    led = acting_manager_ids(viewer)
    return sorted(manager for manager in led if manager != viewer.id or viewer.is_manager)


def may_create_shared_goal(
    viewer: User, department_id: int | None = None, team_manager_id: int | None = None
) -> bool:
    """A manager sets a goal for their own team, a stand-in for the team they lead today (no
    department; `team_manager_id` names the team, the viewer's own by default); HR for a
    department in scope."""
    if department_id is None:
        return (team_manager_id or viewer.id) in teams_to_give_goals(viewer)
    allowed = hr_department_ids(viewer)
    return viewer.is_hr and (allowed is None or department_id in allowed)


def may_list_shared_goals(viewer: User) -> bool:
    """Those who lead a team (a stand-in too) and HR have a list of shared goals."""
    return viewer.is_hr or leads_a_team(viewer)


def shared_goal_scope(viewer: User) -> ColumnElement[bool]:
    """A WHERE clause on SharedGoal selecting the shared goals `viewer` may see."""
    if viewer.is_hr and hr_department_ids(viewer) is None:
        return true()
    clauses = [SharedGoal.created_by_id == viewer.id]
    if leads_a_team(viewer):
        clauses.append(SharedGoal.team_manager_id.in_(acting_manager_ids(viewer)))
    allowed = hr_department_ids(viewer)
    if viewer.is_hr and allowed:
        team_manager = aliased(User)
        managers_in_scope = select(team_manager.id).where(team_manager.department_id.in_(allowed))
        clauses.append(SharedGoal.department_id.in_(allowed))
        clauses.append(SharedGoal.team_manager_id.in_(managers_in_scope))
    return or_(*clauses)


def visible_shared_goals(viewer: User) -> Select:
    return select(SharedGoal).where(shared_goal_scope(viewer))


def get_shared_goal_or_404(viewer: User, shared_goal_id: int, options: LoadOptions = ()):
    """A shared goal with its members' progress: for its maker, the team's lead and HR."""
    return one_or_404(visible_shared_goals(viewer).where(SharedGoal.id == shared_goal_id), options)


def may_distribute(viewer: User, shared: SharedGoal) -> bool:
    """Only whoever made the goal offers it again (to people who joined since); a teamdoel only
    while they lead the team (a stand-in's period may have ended)."""
    if shared.created_by_id != viewer.id:
        return False
    return shared.team_manager_id is None or shared.team_manager_id in acting_manager_ids(viewer)


def get_own_offer_or_404(viewer: User, offer_id: int, options: LoadOptions = ()):
    """A member's offer of a shared goal: theirs alone to read and decide on."""
    query = select(SharedGoalOffer).where(
        SharedGoalOffer.id == offer_id, SharedGoalOffer.employee_id == viewer.id
    )
    return one_or_404(query, options)
