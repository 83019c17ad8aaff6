"""Anonymising people who left in batches: set-based, the same result as one by one."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from pop import audit
from pop.extensions import db
from pop.models import (
    AuditEvent,
    CheckIn,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Goal,
    Notification,
    NotificationKind,
    Objection,
    ObjectionAttachment,
    Role,
    User,
)
from pop.privacy.anonymise import anonymise_batch, anonymise_leavers


def _leaver(app, make_user, catalogue, name: str, *, days_ago: int = 800, active=False) -> int:
    """Someone with a goal, a check-in, an objection with an attachment and an audit trail that
    names them, who left."""
    person_id = make_user(name)
    manager_id = make_user(f"Chef {person_id}", roles={Role.MANAGER})
    with app.app_context():
        person = db.session.get(User, person_id)
        goal = Goal(
            employee_id=person_id,
            cycle_id=catalogue.cycle_id,
            title=f"Doel van {name}",
            specific="Iets persoonlijks.",
            starts_on=catalogue.cycle_start,
            deadline=catalogue.cycle_end,
            status="bezig",
            progress=30,
        )
        goal.check_ins = [
            CheckIn(author_id=person_id, on=catalogue.cycle_start, progress=30, note="Notitie")
        ]
        conversation = Conversation(
            employee_id=person_id,
            manager_id=manager_id,
            cycle_id=catalogue.cycle_id,
            kind=ConversationKind.APPRAISAL.value,
            status=ConversationStatus.SIGNED.value,
            planned_on=catalogue.cycle_start,
            rating_scale=["onvoldoende", "voldoende", "goed"],
        )
        objection = Objection(
            conversation=conversation, employee_id=person_id, body=f"Bezwaar van {name}"
        )
        objection.attachments = [
            ObjectionAttachment(
                stored_name=f"bezwaar-{person_id}.pdf", name="brief.pdf", content_type="text/plain"
            )
        ]
        db.session.add_all([goal, objection])
        db.session.flush()
        audit.record(
            person, "goal_created", goal, summary=goal.title, changes={"title": [None, goal.title]}
        )
        audit.record(
            None,
            "person_updated",
            person,
            summary=f"{name} gewijzigd",
            changes={"name": [name, name], "active": [True, False]},
        )
        db.session.add(
            Notification(
                recipient_id=person_id,
                kind=NotificationKind.COMMENT_ADDED,
                object_type="Goal",
                object_id=goal.id,
            )
        )
        person.active = active
        person.deactivated_at = None if active else datetime.now() - timedelta(days=days_ago)
        db.session.commit()
        return person_id


def test_anonymising_the_leavers_in_batches_replaces_every_name_and_keeps_the_figures(
    app, make_user, catalogue, hr_user
):
    # "Jan Jansen" is part of "Jan Jansen-de Vries": each is replaced by its own placeholder.
    names = ["Jan Jansen", "Jan Jansen-de Vries", "Fleur Visser", "Kees de Boer", "Ans Smit"]
    leavers = [_leaver(app, make_user, catalogue, name) for name in names]
    recent = _leaver(app, make_user, catalogue, "Rik Recent", days_ago=30)
    active = _leaver(app, make_user, catalogue, "Anna Actief", active=True)
    with app.app_context():
        hr = db.session.get(User, hr_user)
        other = db.session.get(User, active)
        audit.record(
            hr,
            "person_updated",
            other,
            summary="Taken van Jan Jansen-de Vries en Jan Jansen naar Anna Actief; Rik Recent",
        )
        db.session.commit()
        goals_before = db.session.scalar(select(func.count(Goal.id)))
        progress_before = sorted(db.session.scalars(select(CheckIn.progress)))

        done, discarded = anonymise_leavers(hr, batch_size=2)

        assert done == len(leavers)
        assert {f"bezwaar-{person_id}.pdf" for person_id in leavers} <= set(discarded)
        for person_id in leavers:
            person = db.session.get(User, person_id)
            assert person.anonymised is True
            assert person.name == f"Geanonimiseerd {person_id}"
            assert person.email == f"geanonimiseerd-{person_id}@anoniem.invalid"
            assert person.employee_number is None
            assert person.password_hash is None
        for person_id in (recent, active):
            assert db.session.get(User, person_id).anonymised is False
        summaries = list(db.session.scalars(select(AuditEvent.summary)))
        for name in names:
            assert not any(name in summary for summary in summaries), name
        first, second = leavers[0], leavers[1]
        assert (
            f"Taken van Geanonimiseerd {second} en Geanonimiseerd {first} naar Anna Actief; "
            "Rik Recent"
        ) in summaries
        assert "Doel van Rik Recent" in summaries
        assert "Anna Actief gewijzigd" in summaries
        kept = db.session.scalars(
            select(AuditEvent.changes).where(
                AuditEvent.object_type == "User",
                AuditEvent.object_id.in_(leavers),
                AuditEvent.action == "person_updated",
            )
        ).all()
        assert kept == [{"active": [True, False]}] * len(leavers)
        anonymised_events = db.session.scalars(
            select(AuditEvent.object_id).where(AuditEvent.action == "person_anonymised")
        ).all()
        assert sorted(anonymised_events) == sorted(leavers)
        titles = db.session.scalars(select(Goal.title).where(Goal.employee_id.in_(leavers)))
        assert set(titles) == {"(geanonimiseerd)"}
        of_leavers = select(Objection.body).where(Objection.employee_id.in_(leavers))
        assert set(db.session.scalars(of_leavers)) == {"(geanonimiseerd)"}
        assert "Bezwaar van Rik Recent" in db.session.scalars(select(Objection.body)).all()
        attached = db.session.scalars(select(ObjectionAttachment.stored_name)).all()
        assert sorted(attached) == sorted([f"bezwaar-{recent}.pdf", f"bezwaar-{active}.pdf"])
        assert db.session.scalar(select(func.count(Goal.id))) == goals_before
        assert sorted(db.session.scalars(select(CheckIn.progress))) == progress_before
        assert (
            db.session.scalar(
                select(func.count(Notification.id)).where(Notification.recipient_id.in_(leavers))
            )
            == 0
        )
        assert db.session.scalar(
            select(func.count(Notification.id)).where(Notification.recipient_id == recent)
        )
        # Nothing is left to do.
        assert anonymise_leavers(hr) == (0, [])


def test_a_batch_takes_as_many_statements_for_two_people_as_for_six(
    app, make_user, catalogue, hr_user, count_queries
):
    small = [_leaver(app, make_user, catalogue, f"Klein {n}") for n in range(2)]
    large = [_leaver(app, make_user, catalogue, f"Groot {n}") for n in range(6)]
    counts = []
    for ids in (small, large):
        with app.app_context():
            people = db.session.scalars(select(User).where(User.id.in_(ids))).all()
            hr = db.session.get(User, hr_user)
            with count_queries() as statements:
                anonymise_batch(people, hr)
                db.session.commit()
            counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_command_anonymises_who_is_past_the_retention_period(app, make_user, catalogue, runner):
    leaver = _leaver(app, make_user, catalogue, "Olga Oud")
    recent = _leaver(app, make_user, catalogue, "Rik Recent", days_ago=30)
    make_user("Hanna HR", roles={Role.HR})
    result = runner.invoke(args=["anonymise-leavers", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Anonymised 1 people" in result.output
    with app.app_context():
        assert db.session.get(User, leaver).anonymised is True
        assert db.session.get(User, recent).anonymised is False
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "person_anonymised")
        )
        assert (event.object_id, event.actor_id) == (leaver, None)


def test_of_two_anonymisations_of_one_person_at_once_the_second_is_refused(
    app, make_user, catalogue, hr_user
):
    from pop.privacy.anonymise import PrivacyError, anonymise, may_anonymise

    person_id = _leaver(app, make_user, catalogue, "Tom Tweemaal")
    with app.app_context():
        # The confirmation of one HR user loaded the person, still to be anonymised ...
        person, hr = db.session.get(User, person_id), db.session.get(User, hr_user)
        assert may_anonymise(person)
        with app.app_context():  # ... when another HR user's request anonymises them.
            anonymise(db.session.get(User, person_id), db.session.get(User, hr_user))
            db.session.commit()
        with pytest.raises(PrivacyError, match="is al geanonimiseerd"):
            anonymise(person, hr)
        db.session.rollback()
        events = db.session.scalars(
            select(AuditEvent.id).where(
                AuditEvent.action == "person_anonymised", AuditEvent.object_id == person_id
            )
        ).all()
        assert len(events) == 1
