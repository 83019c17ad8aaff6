"""How shared goals stand across their members, and what their pages load."""

from dataclasses import dataclass

from sqlalchemy import Row, bindparam, case, func, select
from sqlalchemy.orm import contains_eager, joinedload

from pop import access, access_shared_goals
from pop.extensions import db
from pop.models import Cycle, Goal, GoalStatus, OfferStatus, SharedGoal, SharedGoalOffer, User
from pop.rows import rows_of

PER_PAGE = 50


@dataclass(frozen=True)
class SharedGoalProgress:
    offered: int
    adopted: int  # adopted as it stood or adapted: the members who have a linked goal
    declined: int
    done: int
    average_progress: int | None  # over the linked goals; None while nobody took it on


def progress_of(shared_goal_ids: list[int]) -> dict[int, SharedGoalProgress]:
    """Per shared goal: how many were offered, took it on, declined, finished; mean progress."""
    if not shared_goal_ids:
        return {}
    taken = SharedGoalOffer.status.in_([OfferStatus.ADOPTED, OfferStatus.ADAPTED])
    rows = db.session.execute(
        select(
            SharedGoalOffer.shared_goal_id,
            func.count(SharedGoalOffer.id),
            func.count(case((taken, 1))),
            func.count(case((SharedGoalOffer.status == OfferStatus.DECLINED, 1))),
            func.count(case((Goal.status == GoalStatus.DONE.value, 1))),
            func.avg(Goal.progress),
        )
        .outerjoin(Goal, Goal.id == SharedGoalOffer.goal_id)
        .where(SharedGoalOffer.shared_goal_id.in_(shared_goal_ids))
        .group_by(SharedGoalOffer.shared_goal_id)
    )
    return {
        goal_id: SharedGoalProgress(
            offered=offered,
            adopted=adopted,
            declined=declined,
            done=done,
            average_progress=round(average) if average is not None else None,
        )
        for goal_id, offered, adopted, declined, done, average in rows
    }


# --- what the pages load, each in a fixed number of queries -----------------------------------

_SHARED_GOAL_ROW = (
    joinedload(SharedGoal.created_by),
    joinedload(SharedGoal.team_manager),
    joinedload(SharedGoal.department),
)


def shared_goals_of_cycle(viewer: User, cycle_id: int, page: int, per_page: int = PER_PAGE):
    """The shared goals of a cycle the viewer sees, newest first, a page at a time."""
    query = (
        access_shared_goals.visible_shared_goals(viewer)
        .where(SharedGoal.cycle_id == cycle_id)
        .options(*_SHARED_GOAL_ROW)
        .order_by(SharedGoal.created_at.desc(), SharedGoal.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


# Built once: the statement of `team_goals`.
_TEAM_GOALS = (
    select(SharedGoal.id, SharedGoal.title, SharedGoal.deadline)
    .where(
        SharedGoal.cycle_id == bindparam("cycle_id"),
        SharedGoal.team_manager_id.in_(bindparam("manager_ids", expanding=True)),
    )
    .order_by(SharedGoal.deadline, SharedGoal.id)
)


def team_goals(viewer: User, cycle_id: int) -> list[Row]:
    """The teamdoelen of the teams the viewer leads today (their own, and as a stand-in): rows
    of their `id`, `title` and `deadline`, soonest deadline first."""
    manager_ids = list(access.acting_manager_ids(viewer))
    return rows_of(_TEAM_GOALS, cycle_id=cycle_id, manager_ids=manager_ids)


def offers_of(shared_goal_id: int) -> list[SharedGoalOffer]:
    """A shared goal's offers with their members and linked goals, by member's name."""
    return list(
        db.session.scalars(
            select(SharedGoalOffer)
            .join(User, User.id == SharedGoalOffer.employee_id)
            .where(SharedGoalOffer.shared_goal_id == shared_goal_id)
            .options(
                contains_eager(SharedGoalOffer.employee),
                joinedload(SharedGoalOffer.goal),
            )
            .order_by(User.name, User.id)
        )
    )


# Built once: the statement of `open_offers`, which every Mijn POP runs.
_OPEN_OFFERS = (
    select(
        SharedGoalOffer.id,
        SharedGoal.title,
        SharedGoal.deadline,
        User.name.label("created_by_name"),
    )
    .join(SharedGoal, SharedGoal.id == SharedGoalOffer.shared_goal_id)
    .join(Cycle, Cycle.id == SharedGoal.cycle_id)
    .join(User, User.id == SharedGoal.created_by_id)
    .where(
        SharedGoalOffer.employee_id == bindparam("employee_id"),
        SharedGoalOffer.status == OfferStatus.OFFERED.value,
        Cycle.is_open,
    )
    .order_by(SharedGoal.deadline, SharedGoal.id)
)


def open_offers(employee_id: int) -> list[Row]:
    """The offers waiting for the member's decision, in open cycles, soonest deadline first:
    rows of the offer's `id`, the shared goal's `title` and `deadline`, and `created_by_name`."""
    return rows_of(_OPEN_OFFERS, employee_id=employee_id)
