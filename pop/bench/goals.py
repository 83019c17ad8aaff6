"""Goals, check-ins and their audit trail of a generated person, written in batches."""

import random
from datetime import date, datetime, timedelta

from pop.bench.people import Ids
from pop.bench.shape import (
    ACHIEVABLE,
    CHECK_IN_NOTES,
    CHECK_INS_PER_PERSON,
    DOMAIN,
    FREE_GOALS,
    GOALS_PER_PERSON,
    MEASURABLE,
    REALISTIC,
    STARTED,
    Catalogue,
    Person,
    at,
)
from pop.bench.writing import insert_rows
from pop.extensions import db
from pop.models import (
    Agreement,
    AuditEvent,
    CheckIn,
    Conversation,
    ConversationNote,
    ConversationRating,
    Cycle,
    Goal,
    GoalStatus,
    SelfAssessment,
    SelfAssessmentRating,
)
from pop.models.signed import allow_signed_changes


class GoalWriter:
    """Collects the rows of a batch of people, then writes them table by table.

    `PlanWriter` (plans.py) adds the conversations that `person` writes after the goals.
    """

    def __init__(
        self, rng: random.Random, ids: Ids, catalogue: Catalogue, cycle: Cycle, today: date
    ) -> None:
        self.rng = rng
        self.ids = ids
        self.catalogue = catalogue
        self.cycle_id = cycle.id
        self.starts_on = cycle.starts_on
        self.ends_on = cycle.ends_on
        self.today = min(max(today, cycle.starts_on), cycle.ends_on)
        self.rows: dict[type, list[dict]] = {}

    def add(self, model: type, row: dict) -> dict:
        self.rows.setdefault(model, []).append(row)
        return row

    def event(
        self,
        actor_id: int | None,
        action: str,
        object_type: str,
        object_id: int,
        at: datetime,
        summary: str,
        changes: dict,
    ) -> None:
        self.add(
            AuditEvent,
            {
                "id": self.ids.take(AuditEvent),
                "at": at,
                "actor_id": actor_id,
                "action": action,
                "object_type": object_type,
                "object_id": object_id,
                "summary": summary,
                "changes": changes,
            },
        )

    def flush(self) -> None:
        order = [
            Goal, CheckIn, Conversation, ConversationNote, ConversationRating, SelfAssessment,
            SelfAssessmentRating, Agreement, AuditEvent,
        ]  # fmt: skip
        # A generated organisation writes its signed history in one go, ratings after signatures.
        allow_signed_changes(db.session)
        for model in order:
            insert_rows(model, self.rows.get(model, []))
        self.rows = {}

    # -- goals --

    def person(self, person: Person) -> None:
        if person.manager_id is None:
            # Nobody can agree the top's goals: they stay concepts, without check-ins.
            statuses = [GoalStatus.CONCEPT.value] * GOALS_PER_PERSON
        else:
            statuses = self._statuses()
        started = [index for index, status in enumerate(statuses) if status in STARTED]
        check_ins = [0] * GOALS_PER_PERSON
        for position, index in enumerate(started):
            base, extra = divmod(CHECK_INS_PER_PERSON, len(started))
            check_ins[index] = base + (1 if position < extra else 0)
        for status, title, count in zip(statuses, self._titles(person), check_ins, strict=True):
            self.goal(person, status, title, count)
        if person.manager_id is not None:
            self.conversations(person)

    def conversations(self, person: Person) -> None:
        """The person's conversations of the cycle: written by `PlanWriter`."""
        raise NotImplementedError

    def _statuses(self) -> list[str]:
        choice = self.rng.choice
        done, doing, stopped = GoalStatus.DONE, GoalStatus.IN_PROGRESS, GoalStatus.STOPPED
        concept, proposed, agreed = GoalStatus.CONCEPT, GoalStatus.PROPOSED, GoalStatus.AGREED
        statuses = [
            choice([done, doing, doing]),
            doing,
            choice([doing, doing, stopped, done]),
            choice([concept, proposed, agreed, doing]),
            choice([concept, proposed, agreed, agreed, doing, done]),
        ]
        return [status.value for status in statuses]

    def _titles(self, person: Person) -> list[tuple[str, int | None, int | None]]:
        """Five different goals: (title, competency id, tip id); one may be a free goal."""
        competency_ids = person.function.competency_ids if person.function else []
        tips = [
            (tip_text.rstrip("."), competency_id, tip_id)
            for competency_id in competency_ids
            for tip_id, tip_text in self.catalogue.tips.get(competency_id, [])
        ]
        wanted = GOALS_PER_PERSON if self.rng.random() < 0.7 else GOALS_PER_PERSON - 1
        chosen = self.rng.sample(tips, min(wanted, len(tips)))
        free = self.rng.sample(FREE_GOALS, GOALS_PER_PERSON - len(chosen))
        return chosen + [(title, None, None) for title in free]

    def goal(self, person: Person, status: str, what: tuple, check_ins: int) -> None:
        rng, today = self.rng, self.today
        title, competency_id, tip_id = what
        latest_start = min(today, self.ends_on - timedelta(days=1))
        if status in STARTED:
            span = (latest_start - self.starts_on).days
            starts_on = self.starts_on + timedelta(days=rng.randint(0, span * 2 // 3))
        else:
            span = (self.ends_on - self.starts_on).days - 1
            starts_on = self.starts_on + timedelta(days=rng.randint(0, span))
        deadline = min(self.ends_on, starts_on + timedelta(days=rng.randint(45, 300)))
        goal_id = self.ids.take(Goal)
        employee, manager = person.id, person.manager_id
        base = min(starts_on, today) - timedelta(days=3)
        created_at = at(base, 9, rng.randint(0, 59))
        row = self.add(
            Goal,
            {
                "id": goal_id,
                "employee_id": employee,
                "cycle_id": self.cycle_id,
                "competency_id": competency_id,
                "source_tip_id": tip_id,
                "carried_over_from_id": None,
                "title": title,
                "specific": f"{title}.",
                "measurable": rng.choice(MEASURABLE),
                "achievable": rng.choice(ACHIEVABLE),
                "realistic": rng.choice(REALISTIC),
                "starts_on": starts_on,
                "deadline": deadline,
                "status": status,
                "progress": 0,
                "stop_reason": None,
                "reflection": None,
                "created_at": created_at,
                "updated_at": created_at,
                "updated_by_id": employee,
                "version": 1,
            },
        )
        snapshot = {
            "title": title,
            "specific": row["specific"],
            "measurable": row["measurable"],
            "achievable": row["achievable"],
            "realistic": row["realistic"],
            "starts_on": starts_on.isoformat(),
            "deadline": deadline.isoformat(),
            "competency_id": competency_id,
        }
        self.event(employee, "goal_created", "Goal", goal_id, created_at, title, snapshot)
        if status == GoalStatus.CONCEPT.value:
            return
        proposed_at = at(base + timedelta(days=1), 10)
        self.event(
            employee,
            "goal_proposed",
            "Goal",
            goal_id,
            proposed_at,
            title,
            {"status": ["concept", "voorgesteld"]},
        )
        row["updated_at"] = proposed_at
        if status == GoalStatus.PROPOSED.value:
            return
        agreed_at = at(base + timedelta(days=2), 11)
        self.event(
            manager,
            "goal_agreed",
            "Goal",
            goal_id,
            agreed_at,
            title,
            {"status": ["voorgesteld", "afgesproken"]},
        )
        row["updated_at"], row["updated_by_id"] = agreed_at, manager
        if status == GoalStatus.AGREED.value:
            return
        self._check_ins(row, status, check_ins)

    def _check_ins(self, goal: dict, status: str, count: int) -> None:
        rng = self.rng
        final = {
            GoalStatus.DONE.value: 100,
            GoalStatus.IN_PROGRESS.value: rng.randint(10, 95),
            GoalStatus.STOPPED.value: rng.randint(5, 60),
        }[status]
        start, end = goal["starts_on"], min(self.today, goal["deadline"])
        span = (end - start).days
        employee, title, goal_id = goal["employee_id"], goal["title"], goal["id"]
        last_at = goal["updated_at"]
        for number in range(1, count + 1):
            on = start + timedelta(days=span * number // count)
            progress = final * number // count
            check_in_id = self.ids.take(CheckIn)
            last_at = at(on, 16, number % 60)
            self.add(
                CheckIn,
                {
                    "id": check_in_id,
                    "goal_id": goal_id,
                    "author_id": employee,
                    "on": on,
                    "progress": progress,
                    "note": rng.choice(CHECK_IN_NOTES),
                    "evidence_url": (
                        f"https://intranet.{DOMAIN}/documenten/{check_in_id}"
                        if rng.random() < 0.2
                        else None
                    ),
                    "evidence_file": None,
                    "evidence_name": None,
                    "evidence_type": None,
                    "created_at": last_at,
                },
            )
            changes = {"progress": progress, "on": on.isoformat(), "check_in": check_in_id}
            self.event(employee, "check_in_added", "Goal", goal_id, last_at, title, changes)
        goal["progress"] = final
        goal["updated_at"], goal["updated_by_id"] = last_at, employee
        if status == GoalStatus.DONE.value:
            goal["reflection"] = "Ik heb geleerd om dit structureel in mijn werk toe te passen."
            done_at = last_at + timedelta(hours=1)
            self.event(
                employee,
                "goal_completed",
                "Goal",
                goal_id,
                done_at,
                title,
                {"status": ["bezig", "afgerond"], "reflection": goal["reflection"]},
            )
            goal["updated_at"] = done_at
        elif status == GoalStatus.STOPPED.value:
            goal["stop_reason"] = "Andere prioriteiten in het team na een reorganisatie."
            stopped_at = last_at + timedelta(hours=1)
            self.event(
                employee,
                "goal_stopped",
                "Goal",
                goal_id,
                stopped_at,
                title,
                {"status": ["bezig", "gestopt"], "reason": goal["stop_reason"]},
            )
            goal["updated_at"] = stopped_at

    # -- conversations --
