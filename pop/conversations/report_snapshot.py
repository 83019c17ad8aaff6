"""The content of a conversation report as plain data, and its frozen, digested snapshot.

`report_content` gathers what the report shows — function title, level and scale; each
competency with its description, the indicators as rated and the manager's toelichting; the
ratings with the labels of the conversation's scale; notes per topic; overall judgement and
motivation; agreements; the zienswijze; names and signing times — into JSON-ready data.
While a report is a draft the page renders this from the live records; when the employee
signs, `freeze_report` stores it as a `ConversationReport` with the SHA-256 digest of its
canonical JSON, and from then on the page renders the stored content only.
"""

import hashlib
import json
from datetime import date, datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import selectinload

from pop.extensions import db
from pop.models import (
    Competency,
    Conversation,
    ConversationRating,
    ConversationReport,
    FunctionCompetency,
    SecondAssessment,
    SelfAssessment,
    User,
)

CONTENT_FORMAT = 1


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _label(scale: list[str], score: int | None) -> str | None:
    if score is None or not 1 <= score <= len(scale):
        return None
    return scale[score - 1]


def _function_competencies(function_id: int | None, known: dict | None = None) -> list[Competency]:
    """The competencies of a function in their order; `known` keeps those already loaded by
    function id, for freezing many reports at once."""
    if function_id is None:
        return []
    if known is not None:
        if function_id not in known:
            known[function_id] = _function_competencies(function_id)
        return list(known[function_id])
    return list(
        db.session.scalars(
            select(Competency)
            .join(FunctionCompetency)
            .where(FunctionCompetency.function_id == function_id)
            .options(selectinload(Competency.all_indicators))
            .order_by(FunctionCompetency.position)
        )
    )


def _competencies_of_functions(function_ids: set[int | None]) -> dict[int, list[Competency]]:
    """`_function_competencies` of many functions at once, by function id."""
    known: dict[int, list[Competency]] = {id_: [] for id_ in function_ids if id_ is not None}
    if not known:
        return known
    rows = db.session.execute(
        select(FunctionCompetency.function_id, Competency)
        .join(Competency, FunctionCompetency.competency_id == Competency.id)
        .where(FunctionCompetency.function_id.in_(list(known)))
        .options(selectinload(Competency.all_indicators))
        .order_by(FunctionCompetency.function_id, FunctionCompetency.position)
    )
    for function_id, competency in rows:
        known[function_id].append(competency)
    return known


def _competencies(conversation: Conversation, known: dict | None = None) -> list[dict]:
    scale = list(conversation.rating_scale or [])
    scores = {(r.competency_id, r.indicator_id): r.score for r in conversation.ratings}
    competencies = _function_competencies(conversation.employee.function_id, known)
    shown = {competency.id for competency in competencies}
    # A rated competency that is no longer the function's still belongs to what was signed.
    competencies += [
        rating.competency
        for rating in conversation.ratings
        if rating.indicator_id is None and rating.competency_id not in shown
    ]
    # Only a toelichting that was written is part of the content, so that reports signed before
    # there was one keep their digest.
    motivations = {note.competency_id: note.body for note in conversation.competency_notes}
    # The employee's own toelichting from the submitted self-assessment, likewise only if written.
    assessment = conversation.self_assessment
    self_notes = (
        {note.competency_id: note.body for note in assessment.competency_notes}
        if assessment is not None and assessment.is_submitted
        else {}
    )
    result = []
    for competency in competencies:
        score = scores.get((competency.id, None))
        indicators = [
            {
                "id": indicator.id,
                "text": indicator.text,
                "score": scores[(competency.id, indicator.id)],
                "label": _label(scale, scores[(competency.id, indicator.id)]),
            }
            # Retired indicators too: what was rated is shown as it was rated.
            for indicator in competency.all_indicators
            if (competency.id, indicator.id) in scores
        ]
        item = {
            "id": competency.id,
            "name": competency.display_name,
            "description": competency.description,
            "score": score,
            "label": _label(scale, score),
            "indicators": indicators,
        }
        if motivations.get(competency.id):
            item["motivation"] = motivations[competency.id]
        if self_notes.get(competency.id):
            item["self_assessment_note"] = self_notes[competency.id]
        result.append(item)
    return result


def report_content(conversation: Conversation, known: dict | None = None) -> dict:
    """What the report of this conversation says, as JSON-ready data (`known`: see
    `_function_competencies`)."""
    employee = conversation.employee
    function = employee.function
    level = employee.function_level
    scale = list(conversation.rating_scale or [])
    content = {
        "format": CONTENT_FORMAT,
        "conversation_id": conversation.id,
        "kind": str(conversation.kind),
        "cycle": conversation.cycle.name,
        "planned_on": _iso(conversation.planned_on),
        "held_on": _iso(conversation.held_on),
        "employee": {"id": employee.id, "name": employee.name},
        "manager": {"id": conversation.manager.id, "name": conversation.manager.name},
        "function": (
            {
                "title": function.display_title,
                "level": level.name if level else None,
                "scale": level.scale if level else None,
            }
            if function
            else None
        ),
        "rating_scale": scale,
        "competencies": _competencies(conversation, known),
        "notes": [
            {"topic": note.topic, "body": note.body} for note in conversation.notes if note.body
        ],
        "overall_rating": conversation.overall_rating,
        "overall_label": _label(scale, conversation.overall_rating),
        "overall_motivation": conversation.overall_motivation,
        "agreements": [
            {
                "what": agreement.what,
                "owner": str(agreement.owner),
                "due_on": _iso(agreement.due_on),
            }
            for agreement in conversation.agreements
        ],
        "employee_response": conversation.employee_response,
        "manager_signed_at": _iso(conversation.manager_signed_at),
        "employee_signed_at": _iso(conversation.employee_signed_at),
    }
    # Only a conversation with a second assessor has the key: older reports keep their digest.
    second = conversation.second_assessment
    if second is not None:
        content["second_assessor"] = {
            "id": second.assessor.id,
            "name": second.assessor.name,
            "agreed_at": _iso(second.agreed_at),
        }
    return content


def canonical_json(content: dict) -> bytes:
    """The one byte form of the content that the digest is taken over."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest_of(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def freeze_report(conversation: Conversation, known: dict | None = None) -> ConversationReport:
    """Store the signed report's content and digest; call in the flush that signs."""
    if conversation.report is not None:
        return conversation.report
    content = report_content(conversation, known)
    report = ConversationReport(
        conversation=conversation, content=content, digest=digest_of(content)
    )
    db.session.add(report)
    return report


def verified(report: ConversationReport) -> bool:
    """Whether the stored content still matches its digest."""
    return digest_of(report.content) == report.digest


def refreeze_reports(conversation_ids: list[int]) -> int:
    """Anonymisation only (with the guard opened): replace the snapshots of these conversations
    by their records as they now are, so the name and texts of who left are gone from them too.
    Returns how many reports were frozen again."""
    db.session.execute(
        delete(ConversationReport)
        .where(ConversationReport.conversation_id.in_(conversation_ids))
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    signed = db.session.scalars(
        select(Conversation)
        .where(Conversation.id.in_(conversation_ids), Conversation.employee_signed_at.is_not(None))
        .options(
            selectinload(Conversation.employee).joinedload(User.function),
            selectinload(Conversation.employee).joinedload(User.function_level),
            selectinload(Conversation.manager),
            selectinload(Conversation.cycle),
            selectinload(Conversation.ratings)
            .selectinload(ConversationRating.competency)
            .selectinload(Competency.all_indicators),
            selectinload(Conversation.competency_notes),
            selectinload(Conversation.self_assessment).selectinload(
                SelfAssessment.competency_notes
            ),
            selectinload(Conversation.notes),
            selectinload(Conversation.agreements),
            selectinload(Conversation.report),
            selectinload(Conversation.second_assessment).joinedload(SecondAssessment.assessor),
        )
    ).all()
    known = _competencies_of_functions({item.employee.function_id for item in signed})
    rows = []
    for conversation in signed:
        content = report_content(conversation, known)
        rows.append(
            {"conversation_id": conversation.id, "content": content, "digest": digest_of(content)}
        )
    if rows:
        db.session.execute(insert(ConversationReport), rows)
    for conversation in signed:
        db.session.expire(conversation, ["report"])
    return len(signed)
