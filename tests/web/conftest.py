"""Fixtures of the web tests: one of each object, for the access matrix and the GET walk."""

from datetime import date

import pytest

from pop import files
from pop.extensions import db
from pop.models import (
    CheckIn,
    Competency,
    Conversation,
    ConversationKind,
    ConversationStatus,
    FeedbackRequest,
    FilePurpose,
    FunctionCompetency,
    Goal,
    GoalStatus,
    JobFunction,
    Objection,
    ObjectionAttachment,
    SharedGoal,
    SharedGoalOffer,
    User,
)
from pop.plan.current_cycle import current_cycle


@pytest.fixture
def objects(app, org, tmp_path) -> dict[str, int]:
    """One of each object, owned by `org.employee` or their function."""
    with app.app_context():
        files.store(
            [b"%PDF-1.4\n"],
            purpose=FilePurpose.EVIDENCE,
            name="bewijs.pdf",
            content_type="application/pdf",
            token="bewijs.pdf",
        )
        competency = Competency(
            name="Klantgerichtheid", description="Klanten helpen.", description_key="k"
        )
        function = JobFunction(title="Adviseur", source_filename="adviseur.txt", content_hash="")
        function.competency_links = [FunctionCompetency(competency=competency, position=1)]
        db.session.add(function)
        employee = db.session.get(User, org.employee)
        employee.function = function
        goal = Goal(
            employee_id=org.employee,
            cycle_id=current_cycle().id,
            title="Helder schrijven",
            starts_on=date(date.today().year, 1, 1),
            deadline=date(date.today().year, 12, 31),
            status=GoalStatus.IN_PROGRESS.value,
        )
        check_in = CheckIn(
            goal=goal,
            author_id=org.employee,
            on=date.today(),
            progress=50,
            evidence_file="bewijs.pdf",
            evidence_name="bewijs.pdf",
            evidence_type="application/pdf",
        )
        conversation = Conversation(
            employee_id=org.employee,
            manager_id=org.manager,
            cycle_id=goal.cycle_id,
            kind=ConversationKind.APPRAISAL.value,
            status=ConversationStatus.HELD.value,
            planned_on=date.today(),
            held_on=date.today(),
            rating_scale=["onvoldoende", "matig", "voldoende", "goed", "uitstekend"],
        )
        db.session.add_all([goal, check_in, conversation])
        db.session.flush()
        # Feedback asked of Pieter, a colleague who is none of the matrix's visitors.
        feedback = FeedbackRequest(
            conversation_id=conversation.id,
            requester_id=org.employee,
            giver_id=org.colleague,
            expires_on=date.today(),
        )
        db.session.add(feedback)
        # A teamdoel of Marieke's, offered to Sanne (the matrix's offer) and to Pieter.
        shared_goal = SharedGoal(
            cycle_id=goal.cycle_id,
            created_by_id=org.manager,
            team_manager_id=org.manager,
            title="Samen sneller",
            starts_on=goal.starts_on,
            deadline=goal.deadline,
        )
        offer = SharedGoalOffer(shared_goal=shared_goal, employee_id=org.employee)
        db.session.add_all(
            [offer, SharedGoalOffer(shared_goal=shared_goal, employee_id=org.colleague)]
        )
        # An objection by the employee to the appraisal, with the evidence file attached.
        objection = Objection(conversation=conversation, employee_id=org.employee, body="Bezwaar.")
        objection.attachments = [
            ObjectionAttachment(
                stored_name="bewijs.pdf", name="bewijs.pdf", content_type="application/pdf"
            )
        ]
        db.session.add(objection)
        db.session.commit()
        return {
            "shared_goal": shared_goal.id,
            "offer": offer.id,
            "request": feedback.id,
            "function": function.id,
            "competency": competency.id,
            "goal": goal.id,
            "cycle": goal.cycle_id,
            "check_in": check_in.id,
            "employee": org.employee,
            "conversation": conversation.id,
            "objection": objection.id,
            "attachment": objection.attachments[0].id,
        }
