"""A conversation report to render, read from its content: the frozen snapshot once signed.

The report page (and so its PDF) takes a `ReportView` where it would take a conversation: it has
the attributes it reads (`kind`, `employee.name`, `note_for`, `rating_scale`, ...), but every
value comes from the report's content, never from the live catalogue. A signed conversation's
content is its stored `ConversationReport`, with the digest and whether the content still
matches it; a draft's content is built from the live records as they stand.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace

from pop.conversations.report_snapshot import report_content, verified
from pop.models import Conversation, ConversationAddendum, ConversationKind, ConversationStatus


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class ReportRow:
    """A line of the ratings table: a competency (indicator None) or one of its indicators."""

    competency: SimpleNamespace  # display_name
    indicator: SimpleNamespace | None  # text
    score: int | None
    self_score: int | None = None


@dataclass
class ReportView:
    """What a report shows, as the conversation-shaped object its templates read."""

    id: int
    kind: str
    status: str
    cycle: SimpleNamespace
    employee: SimpleNamespace
    manager: SimpleNamespace
    function: SimpleNamespace | None
    planned_on: date | None
    held_on: date | None
    rating_scale: list[str]
    rows: list[ReportRow]
    # The toelichting per competency that was written: name and body.
    motivations: list[SimpleNamespace]
    notes: list[SimpleNamespace]
    overall_rating: int | None
    overall_motivation: str
    agreements: list[SimpleNamespace]
    employee_response: str
    manager_signed_at: datetime | None
    employee_signed_at: datetime | None
    addenda: list[ConversationAddendum] = field(default_factory=list)
    # name and agreed_at (a moment, or None while it is their turn); None without one.
    second_assessor: SimpleNamespace | None = None
    # The employee's own toelichting per competency from the submitted self-assessment.
    self_notes: list[SimpleNamespace] = field(default_factory=list)
    digest: str | None = None
    digest_holds: bool = True

    @property
    def is_signed(self) -> bool:
        return self.employee_signed_at is not None

    @property
    def has_ratings(self) -> bool:
        """Frozen with a scale: a report signed in a cycle without ratings has an empty one."""
        return bool(self.rating_scale)

    @property
    def is_appraisal(self) -> bool:
        return ConversationKind(self.kind) == ConversationKind.APPRAISAL

    @property
    def is_held(self) -> bool:
        return self.held_on is not None

    def note_for(self, topic: str) -> str:
        return next((note.body for note in self.notes if note.topic == topic), "")


def _rows(content: dict) -> list[ReportRow]:
    rows = []
    for competency in content["competencies"]:
        name = SimpleNamespace(display_name=competency["name"])
        rows.append(ReportRow(name, None, competency["score"]))
        rows += [
            ReportRow(name, SimpleNamespace(text=indicator["text"]), indicator["score"])
            for indicator in competency["indicators"]
        ]
    return rows


def view_of_content(
    content: dict, *, addenda: list[ConversationAddendum], status: str
) -> ReportView:
    function = content["function"]
    return ReportView(
        id=content["conversation_id"],
        kind=content["kind"],
        status=status,
        cycle=SimpleNamespace(name=content["cycle"]),
        employee=SimpleNamespace(**content["employee"]),
        manager=SimpleNamespace(**content["manager"]),
        function=SimpleNamespace(**function) if function else None,
        planned_on=_day(content["planned_on"]),
        held_on=_day(content["held_on"]),
        rating_scale=list(content["rating_scale"]),
        rows=_rows(content),
        motivations=[
            SimpleNamespace(name=competency["name"], body=competency["motivation"])
            for competency in content["competencies"]
            if competency.get("motivation")
        ],
        self_notes=[
            SimpleNamespace(name=competency["name"], body=competency["self_assessment_note"])
            for competency in content["competencies"]
            if competency.get("self_assessment_note")
        ],
        notes=[SimpleNamespace(**note) for note in content["notes"]],
        overall_rating=content["overall_rating"],
        overall_motivation=content["overall_motivation"] or "",
        agreements=[
            SimpleNamespace(what=a["what"], owner=a["owner"], due_on=_day(a["due_on"]))
            for a in content["agreements"]
        ],
        employee_response=content["employee_response"] or "",
        manager_signed_at=_moment(content["manager_signed_at"]),
        employee_signed_at=_moment(content["employee_signed_at"]),
        addenda=addenda,
        second_assessor=_second_assessor(content.get("second_assessor")),
    )


def _second_assessor(content: dict | None) -> SimpleNamespace | None:
    if content is None:
        return None
    return SimpleNamespace(name=content["name"], agreed_at=_moment(content["agreed_at"]))


def report_view(conversation: Conversation) -> ReportView:
    """The report of this conversation: from the frozen snapshot once it is signed."""
    report = conversation.report
    if report is None:
        return view_of_content(
            report_content(conversation),
            addenda=list(conversation.addenda),
            status=conversation.status,
        )
    view = view_of_content(
        report.content, addenda=list(conversation.addenda), status=ConversationStatus.SIGNED.value
    )
    view.digest = report.digest
    view.digest_holds = verified(report)
    return view
