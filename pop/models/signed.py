"""What both people signed stays as it was: the ORM refuses to flush changes to signed records.

Once the employee has signed a conversation, its own columns (what was discussed, the ratings,
the judgement, the zienswijze, the signatures), its notes, its ratings and its frozen report
are read-only. The one flush that signs (employee_signed_at goes from empty to a moment) may
still carry the zienswijze typed on the sign-off form. PostgreSQL enforces the same with
triggers (migration "signed reports are frozen"), so raw SQL cannot do it either.

A lawful exception is anonymisation of a person who left (AVG): `allow_signed_changes`
opens the guard for one transaction, on PostgreSQL too.
"""

from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import Session

from pop.extensions import db
from pop.models.conversations import (
    CompetencyNote,
    Conversation,
    ConversationNote,
    ConversationRating,
    ConversationReport,
)

ALLOW_KEY = "pop_allow_signed_changes"

# Columns of a conversation that stay free after signing: the manager's private preparation
# (never part of the report) and the bookkeeping columns.
_FREE_AFTER_SIGNING = {"preparation_notes", "updated_at", "version"}


class SignedRecordError(Exception):
    """A change to a signed conversation, its notes, ratings or report was refused."""


def allow_signed_changes(session: Session) -> None:
    """Open the guard for the rest of this transaction: anonymisation and generated history only."""
    session.info[ALLOW_KEY] = True
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET LOCAL pop.allow_signed_changes = 'on'"))


def was_signed(conversation: Conversation | None) -> bool:
    """Whether the stored row (not this session's pending change) is signed by the employee."""
    if conversation is None:
        return False
    state = inspect(conversation)
    if state.transient or state.pending:
        return False
    history = state.attrs.employee_signed_at.history
    stored = [*history.unchanged, *history.deleted]
    if stored:
        return stored[0] is not None
    # Expired, or set without loading the old value: ask the database what it holds.
    return (
        state.session.scalar(
            select(Conversation.employee_signed_at).where(Conversation.id == state.identity[0])
        )
        is not None
    )


def _changed_columns(instance) -> set[str]:
    state = inspect(instance)
    return {
        attribute.key
        for attribute in state.mapper.column_attrs
        if state.attrs[attribute.key].history.has_changes()
    }


def _check(session: Session) -> None:
    for instance in session.dirty:
        if isinstance(instance, Conversation) and was_signed(instance):
            changed = _changed_columns(instance) - _FREE_AFTER_SIGNING
            if changed:
                raise SignedRecordError(
                    f"conversation {instance.id} is signed; refused: {', '.join(sorted(changed))}"
                )
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, ConversationNote | ConversationRating | CompetencyNote):
            if instance in session.dirty and not _changed_columns(instance):
                continue
            if was_signed(instance.conversation):
                raise SignedRecordError(
                    f"conversation {instance.conversation_id} is signed; its notes and ratings "
                    "cannot change"
                )
        if (
            isinstance(instance, ConversationReport)
            and instance not in session.new
            and (instance in session.deleted or _changed_columns(instance))
        ):
            raise SignedRecordError(f"the report of conversation {instance.conversation_id}")
    for instance in session.deleted:
        if isinstance(instance, Conversation) and was_signed(instance):
            raise SignedRecordError(f"conversation {instance.id} is signed; it cannot be deleted")


# --- the same rule in PostgreSQL ------------------------------------------------------------------
# Kept equal to the copy in the migration "signed reports are frozen" (a test compares them).


POSTGRES_TRIGGERS = """
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

POSTGRES_DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS conversation_report_is_frozen ON conversation_report;
DROP TRIGGER IF EXISTS conversation_rating_signed_is_frozen ON conversation_rating;
DROP TRIGGER IF EXISTS conversation_note_signed_is_frozen ON conversation_note;
DROP TRIGGER IF EXISTS conversation_signed_is_frozen ON conversation;
DROP FUNCTION IF EXISTS pop_refuse_report_change();
DROP FUNCTION IF EXISTS pop_refuse_signed_part();
DROP FUNCTION IF EXISTS pop_refuse_signed_conversation();
DROP FUNCTION IF EXISTS pop_signed_changes_allowed();
"""


# The toelichting per competency came later (migration "a toelichting per competency"), under
# the same rule as the notes; kept equal to the copy in that migration.
POSTGRES_COMPETENCY_NOTE_TRIGGER = """
DROP TRIGGER IF EXISTS conversation_competency_note_signed_is_frozen
    ON conversation_competency_note;
CREATE TRIGGER conversation_competency_note_signed_is_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON conversation_competency_note
    FOR EACH ROW EXECUTE FUNCTION pop_refuse_signed_part();
"""

POSTGRES_DROP_COMPETENCY_NOTE_TRIGGER = """
DROP TRIGGER IF EXISTS conversation_competency_note_signed_is_frozen
    ON conversation_competency_note;
"""


@event.listens_for(db.metadata, "after_create")
def _create_triggers(target, connection, **kwargs) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(POSTGRES_TRIGGERS.replace("%", "%%"))  # pyformat
        connection.exec_driver_sql(POSTGRES_COMPETENCY_NOTE_TRIGGER)


@event.listens_for(db.metadata, "before_drop")
def _drop_triggers(target, connection, **kwargs) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(POSTGRES_DROP_COMPETENCY_NOTE_TRIGGER)
        connection.exec_driver_sql(POSTGRES_DROP_TRIGGERS.replace("%", "%%"))


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_signed_records(session: Session, flush_context, instances) -> None:
    if session.info.get(ALLOW_KEY):
        return
    _check(session)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _close_the_guard_again(session: Session) -> None:
    session.info.pop(ALLOW_KEY, None)
