"""A generated person's conversations, ratings and self-assessments, beside their goals."""

from datetime import date, datetime, timedelta

from pop.bench.goals import GoalWriter
from pop.bench.shape import (
    HELD,
    NOTES,
    Person,
    at,
)
from pop.labels import DEFAULT_RATING_SCALE
from pop.models import (
    Agreement,
    AgreementOwner,
    Conversation,
    ConversationKind,
    ConversationNote,
    ConversationRating,
    ConversationStatus,
    SelfAssessment,
    SelfAssessmentRating,
)


class PlanWriter(GoalWriter):
    """Writes the goals (`GoalWriter`) and the conversations of a batch of people."""

    def conversations(self, person: Person) -> None:
        offsets = {
            ConversationKind.PLANNING: (20, 75),
            ConversationKind.REVIEW: (150, 200),
            ConversationKind.APPRAISAL: (300, 350),
        }
        for kind, (low, high) in offsets.items():
            planned_on = min(
                self.ends_on, self.starts_on + timedelta(days=self.rng.randint(low, high))
            )
            self.conversation(person, kind, planned_on)

    def _status(self, planned_on: date) -> str:
        if planned_on <= self.today - timedelta(days=21):
            signed = self.rng.random() < 0.9
            return ConversationStatus.SIGNED.value if signed else ConversationStatus.HELD.value
        if planned_on <= self.today:
            return ConversationStatus.HELD.value
        prepared = self.rng.random() < 0.3
        return ConversationStatus.PREPARED.value if prepared else ConversationStatus.PLANNED.value

    def conversation(self, person: Person, kind: ConversationKind, planned_on: date) -> None:
        rng, today = self.rng, self.today
        status = self._status(planned_on)
        held = status in HELD
        conversation_id = self.ids.take(Conversation)
        employee, manager = person.id, person.manager_id
        created_at = at(min(planned_on - timedelta(days=21), today - timedelta(days=1)), 9)
        summary = kind.value
        row = self.add(
            Conversation,
            {
                "id": conversation_id,
                "employee_id": employee,
                "manager_id": manager,
                "cycle_id": self.cycle_id,
                "kind": kind.value,
                "status": status,
                "planned_on": planned_on,
                "held_on": planned_on if held else None,
                "rating_scale": list(DEFAULT_RATING_SCALE),
                "preparation_notes": ""
                if status == ConversationStatus.PLANNED.value
                else "Doelen doornemen; vragen naar de samenwerking in het team.",
                "overall_rating": None,
                "overall_motivation": "",
                "employee_response": "",
                "manager_signed_at": None,
                "employee_signed_at": None,
                "created_at": created_at,
                "updated_at": created_at,
            },
        )
        self.event(
            manager,
            "conversation_planned",
            "Conversation",
            conversation_id,
            created_at,
            summary,
            {"kind": kind.value, "planned_on": planned_on.isoformat()},
        )
        if status != ConversationStatus.PLANNED.value:
            prepared_at = created_at + timedelta(days=7)
            self.event(
                manager,
                "conversation_prepared",
                "Conversation",
                conversation_id,
                prepared_at,
                summary,
                {"status": ["gepland", "voorbereid"]},
            )
            row["updated_at"] = prepared_at
        competency_ids = person.function.competency_ids if person.function else []
        if not held:
            if status == ConversationStatus.PREPARED.value and rng.random() < 0.5:
                self._self_assessment(conversation_id, competency_ids, None, created_at)
            return
        self._self_assessment(
            conversation_id, competency_ids, at(planned_on - timedelta(days=3), 20), created_at
        )
        self.event(
            employee,
            "self_assessment_submitted",
            "Conversation",
            conversation_id,
            at(planned_on - timedelta(days=3), 20),
            summary,
            {},
        )
        ratings = self._ratings(conversation_id, competency_ids)
        for topic, body in NOTES.items():
            self.add(
                ConversationNote,
                {
                    "id": self.ids.take(ConversationNote),
                    "conversation_id": conversation_id,
                    "topic": topic,
                    "body": body,
                },
            )
        if kind == ConversationKind.APPRAISAL:
            row["overall_rating"] = self._score()
            row["overall_motivation"] = "Het jaar is naar tevredenheid verlopen."
        if kind == ConversationKind.PLANNING:
            self.add(
                Agreement,
                {
                    "id": self.ids.take(Agreement),
                    "conversation_id": conversation_id,
                    "what": "Volgt dit jaar een training die past bij de ontwikkeldoelen.",
                    "owner": AgreementOwner.EMPLOYEE.value,
                    "due_on": min(self.ends_on, planned_on + timedelta(days=120)),
                    "competency_id": competency_ids[0] if competency_ids else None,
                    "goal_id": None,
                    "created_at": at(planned_on, 15),
                },
            )
        recorded_at = at(planned_on, 16)
        self.event(
            manager,
            "conversation_recorded",
            "Conversation",
            conversation_id,
            recorded_at,
            summary,
            {"held_on": planned_on.isoformat(), "ratings": ratings},
        )
        row["updated_at"] = recorded_at
        if planned_on <= today - timedelta(days=21):
            row["manager_signed_at"] = at(planned_on + timedelta(days=2), 10)
            self.event(
                manager,
                "conversation_signed_by_manager",
                "Conversation",
                conversation_id,
                row["manager_signed_at"],
                summary,
                {},
            )
            row["updated_at"] = row["manager_signed_at"]
        if status == ConversationStatus.SIGNED.value:
            row["employee_signed_at"] = at(planned_on + timedelta(days=6), 14)
            self.event(
                employee,
                "conversation_signed_by_employee",
                "Conversation",
                conversation_id,
                row["employee_signed_at"],
                summary,
                {"status": list(HELD)},
            )
            row["updated_at"] = row["employee_signed_at"]

    def _score(self) -> int:
        return self.rng.choices(range(1, len(DEFAULT_RATING_SCALE) + 1), [3, 10, 42, 35, 10])[0]

    def _ratings(self, conversation_id: int, competency_ids: list[int]) -> int:
        """A score per competency, and for the first two their first behaviour indicator."""
        count = 0
        for position, competency_id in enumerate(competency_ids):
            indicator_ids = self.catalogue.indicators.get(competency_id, [])
            keys = [None] + (indicator_ids[:1] if position < 2 else [])
            for indicator_id in keys:
                self.add(
                    ConversationRating,
                    {
                        "id": self.ids.take(ConversationRating),
                        "conversation_id": conversation_id,
                        "competency_id": competency_id,
                        "indicator_id": indicator_id,
                        "score": self._score(),
                    },
                )
                count += 1
        return count

    def _self_assessment(
        self,
        conversation_id: int,
        competency_ids: list[int],
        submitted_at: datetime | None,
        created_at: datetime,
    ) -> None:
        assessment_id = self.ids.take(SelfAssessment)
        self.add(
            SelfAssessment,
            {
                "id": assessment_id,
                "conversation_id": conversation_id,
                "reflection": "Ik ben tevreden over mijn ontwikkeling; plannen kan beter.",
                "submitted_at": submitted_at,
                "created_at": created_at,
                "updated_at": submitted_at or created_at,
            },
        )
        for competency_id in competency_ids:
            self.add(
                SelfAssessmentRating,
                {
                    "id": self.ids.take(SelfAssessmentRating),
                    "self_assessment_id": assessment_id,
                    "competency_id": competency_id,
                    "indicator_id": None,
                    "score": self._score(),
                },
            )
