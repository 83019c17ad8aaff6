"""signed reports are frozen: conversation_report snapshots, and PostgreSQL refuses changes

Creates `conversation_report`, stores a snapshot (content and SHA-256 digest) of every
conversation the employee already signed, built from the records as they stand now, and on
PostgreSQL adds triggers that refuse to change a signed conversation's report columns, its
notes and ratings, or a stored report (unless the transaction SET LOCAL
pop.allow_signed_changes = 'on', which anonymisation does).

The snapshot is built here with SQL of its own, not with the application's models, so that
this revision keeps working when the models move on. Its output equals
`pop.conversations.report_snapshot.report_content` (a test holds the two side by side).

Revision ID: 5e1a7c9d2b40
Revises: 5a8b376f0ffc
Create Date: 2026-12-01 20:50:00

"""

import hashlib
import json
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = "5e1a7c9d2b40"
down_revision = "5a8b376f0ffc"
branch_labels = None
depends_on = None

DISPLAY_NAME_LIMIT = 60


_TRIGGERS = """
CREATE OR REPLACE FUNCTION pop_signed_changes_allowed() RETURNS boolean AS $$
    SELECT coalesce(current_setting('pop.allow_signed_changes', true), '') = 'on'
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION pop_refuse_signed_conversation() RETURNS trigger AS $$
BEGIN
    IF OLD.employee_signed_at IS NULL OR pop_signed_changes_allowed() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'conversation % is signed: it cannot be deleted', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF
       (NEW.employee_id, NEW.manager_id, NEW.cycle_id, NEW.kind, NEW.status, NEW.planned_on,
        NEW.held_on, NEW.overall_rating, NEW.overall_motivation, NEW.employee_response,
        NEW.manager_signed_at, NEW.employee_signed_at, NEW.rating_scale::text)
       IS DISTINCT FROM
       (OLD.employee_id, OLD.manager_id, OLD.cycle_id, OLD.kind, OLD.status, OLD.planned_on,
        OLD.held_on, OLD.overall_rating, OLD.overall_motivation, OLD.employee_response,
        OLD.manager_signed_at, OLD.employee_signed_at, OLD.rating_scale::text) THEN
        RAISE EXCEPTION 'conversation % is signed: its report cannot change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION pop_refuse_signed_part() RETURNS trigger AS $$
DECLARE
    owner_id integer;
BEGIN
    IF pop_signed_changes_allowed() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    owner_id := CASE WHEN TG_OP = 'INSERT' THEN NEW.conversation_id ELSE OLD.conversation_id END;
    IF EXISTS (
        SELECT 1 FROM conversation
        WHERE id = owner_id AND employee_signed_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION 'conversation % is signed: its % cannot change', owner_id, TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION pop_refuse_report_change() RETURNS trigger AS $$
BEGIN
    IF pop_signed_changes_allowed() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'the signed report of conversation % cannot change', OLD.conversation_id
        USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS conversation_signed_is_frozen ON conversation;
CREATE TRIGGER conversation_signed_is_frozen
    BEFORE UPDATE OR DELETE ON conversation
    FOR EACH ROW EXECUTE FUNCTION pop_refuse_signed_conversation();
DROP TRIGGER IF EXISTS conversation_note_signed_is_frozen ON conversation_note;
CREATE TRIGGER conversation_note_signed_is_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON conversation_note
    FOR EACH ROW EXECUTE FUNCTION pop_refuse_signed_part();
DROP TRIGGER IF EXISTS conversation_rating_signed_is_frozen ON conversation_rating;
CREATE TRIGGER conversation_rating_signed_is_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON conversation_rating
    FOR EACH ROW EXECUTE FUNCTION pop_refuse_signed_part();
DROP TRIGGER IF EXISTS conversation_report_is_frozen ON conversation_report;
CREATE TRIGGER conversation_report_is_frozen
    BEFORE UPDATE OR DELETE ON conversation_report
    FOR EACH ROW EXECUTE FUNCTION pop_refuse_report_change();
"""

_DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS conversation_report_is_frozen ON conversation_report;
DROP TRIGGER IF EXISTS conversation_rating_signed_is_frozen ON conversation_rating;
DROP TRIGGER IF EXISTS conversation_note_signed_is_frozen ON conversation_note;
DROP TRIGGER IF EXISTS conversation_signed_is_frozen ON conversation;
DROP FUNCTION IF EXISTS pop_refuse_report_change();
DROP FUNCTION IF EXISTS pop_refuse_signed_part();
DROP FUNCTION IF EXISTS pop_refuse_signed_conversation();
DROP FUNCTION IF EXISTS pop_signed_changes_allowed();
"""


def upgrade():
    op.create_table(
        "conversation_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_conversation_report_conversation_id_conversation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_report")),
        sa.UniqueConstraint("conversation_id", name=op.f("uq_conversation_report_conversation_id")),
    )
    snapshot_signed_conversations(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_TRIGGERS)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_DROP_TRIGGERS)
    op.drop_table("conversation_report")


# --- the snapshot, in SQL ------------------------------------------------------------------------


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands back text
        return (datetime.fromisoformat(value) if ":" in value else date.fromisoformat(value)).isoformat()
    return value.isoformat()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _label(scale: list[str], score: int | None) -> str | None:
    if score is None or not 1 <= score <= len(scale):
        return None
    return scale[score - 1]


def _scale(value) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value)
    return list(value or [])


def _competencies(connection, conversation, scale: list[str]) -> list[dict]:
    ratings = connection.execute(
        sa.text(
            "SELECT competency_id, indicator_id, score FROM conversation_rating "
            "WHERE conversation_id = :id ORDER BY id"
        ),
        {"id": conversation.id},
    ).all()
    scores = {(r.competency_id, r.indicator_id): r.score for r in ratings}
    competency_ids = list(
        connection.scalars(
            sa.text(
                "SELECT competency_id FROM function_competency WHERE function_id = :function "
                "ORDER BY position"
            ),
            {"function": conversation.function_id},
        )
    )
    competency_ids += [
        r.competency_id
        for r in ratings
        if r.indicator_id is None and r.competency_id not in set(competency_ids)
    ]
    result = []
    for competency_id in competency_ids:
        competency = connection.execute(
            sa.text("SELECT id, name, description FROM competency WHERE id = :id"),
            {"id": competency_id},
        ).one()
        indicators = connection.execute(
            sa.text(
                "SELECT id, text FROM behaviour_indicator WHERE competency_id = :id "
                "ORDER BY position"
            ),
            {"id": competency_id},
        ).all()
        score = scores.get((competency_id, None))
        result.append(
            {
                "id": competency.id,
                "name": competency.name
                or _shorten(competency.description, DISPLAY_NAME_LIMIT),
                "description": competency.description,
                "score": score,
                "label": _label(scale, score),
                "indicators": [
                    {
                        "id": indicator.id,
                        "text": indicator.text,
                        "score": scores[(competency_id, indicator.id)],
                        "label": _label(scale, scores[(competency_id, indicator.id)]),
                    }
                    for indicator in indicators
                    if (competency_id, indicator.id) in scores
                ],
            }
        )
    return result


def snapshot_content(connection, conversation_id: int) -> dict:
    """The report content of one conversation, as `report_content` builds it (format 1)."""
    conversation = connection.execute(
        sa.text(
            "SELECT c.id, c.kind, c.planned_on, c.held_on, c.rating_scale, c.overall_rating, "
            "c.overall_motivation, c.employee_response, c.manager_signed_at, "
            "c.employee_signed_at, cy.name AS cycle_name, e.id AS employee_id, "
            "e.name AS employee_name, m.id AS manager_id, m.name AS manager_name, "
            "e.function_id, f.title AS function_title, f.source_filename, "
            "l.name AS level_name, l.scale AS level_scale "
            "FROM conversation c JOIN cycle cy ON cy.id = c.cycle_id "
            "JOIN user_account e ON e.id = c.employee_id "
            "JOIN user_account m ON m.id = c.manager_id "
            "LEFT JOIN job_function f ON f.id = e.function_id "
            "LEFT JOIN function_level l ON l.id = e.function_level_id "
            "WHERE c.id = :id"
        ),
        {"id": conversation_id},
    ).one()
    scale = _scale(conversation.rating_scale)
    notes = connection.execute(
        sa.text(
            "SELECT topic, body FROM conversation_note WHERE conversation_id = :id ORDER BY id"
        ),
        {"id": conversation_id},
    ).all()
    agreements = connection.execute(
        sa.text(
            "SELECT what, owner, due_on FROM agreement WHERE conversation_id = :id ORDER BY id"
        ),
        {"id": conversation_id},
    ).all()
    has_level = conversation.level_scale is not None
    return {
        "format": 1,
        "conversation_id": conversation.id,
        "kind": conversation.kind,
        "cycle": conversation.cycle_name,
        "planned_on": _iso(conversation.planned_on),
        "held_on": _iso(conversation.held_on),
        "employee": {"id": conversation.employee_id, "name": conversation.employee_name},
        "manager": {"id": conversation.manager_id, "name": conversation.manager_name},
        "function": (
            {
                "title": conversation.function_title or conversation.source_filename,
                "level": conversation.level_name if has_level else None,
                "scale": conversation.level_scale if has_level else None,
            }
            if conversation.function_id is not None
            else None
        ),
        "rating_scale": scale,
        "competencies": _competencies(connection, conversation, scale),
        "notes": [{"topic": n.topic, "body": n.body} for n in notes if n.body],
        "overall_rating": conversation.overall_rating,
        "overall_label": _label(scale, conversation.overall_rating),
        "overall_motivation": conversation.overall_motivation,
        "agreements": [
            {"what": a.what, "owner": a.owner, "due_on": _iso(a.due_on)} for a in agreements
        ],
        "employee_response": conversation.employee_response,
        "manager_signed_at": _iso(conversation.manager_signed_at),
        "employee_signed_at": _iso(conversation.employee_signed_at),
    }


def snapshot_signed_conversations(connection) -> int:
    """Freeze the report of every conversation signed before this revision; returns the count."""
    signed = list(
        connection.scalars(
            sa.text(
                "SELECT c.id FROM conversation c "
                "WHERE c.employee_signed_at IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM conversation_report r WHERE r.conversation_id = c.id) "
                "ORDER BY c.id"
            )
        )
    )
    for conversation_id in signed:
        content = snapshot_content(connection, conversation_id)
        canonical = json.dumps(
            content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
        connection.execute(
            sa.text(
                "INSERT INTO conversation_report (conversation_id, content, digest, created_at) "
                "VALUES (:id, :content, :digest, CURRENT_TIMESTAMP)"
            ),
            {
                "id": conversation_id,
                "content": json.dumps(content, ensure_ascii=False),
                "digest": hashlib.sha256(canonical).hexdigest(),
            },
        )
    return len(signed)
