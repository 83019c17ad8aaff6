"""How a shared goal stands across its members, in one query for any number of goals."""

from dataclasses import dataclass

from sqlalchemy import case, func, select

from pop.extensions import db
from pop.models import Goal, GoalStatus, OfferStatus, SharedGoalOffer


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
