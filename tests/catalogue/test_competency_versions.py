"""A second document never rewrites another function's competency; HR adopts a new version."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from pop import PROJECT_ROOT
from pop.catalogue.changes import ADOPTED, KEPT_APART, KEPT_APART_UNCHOSEN, SAME, Choices
from pop.catalogue.importer import CREATED, UNCHANGED, import_document, import_path
from pop.catalogue.parser import CompetencyData, FunctionDescription, LevelData, render
from pop.extensions import db
from pop.models import (
    BehaviourIndicator,
    Competency,
    Conversation,
    ConversationKind,
    ConversationRating,
    ConversationStatus,
    DevelopmentTip,
    JobFunction,
    User,
)
from tests.conftest import PASSWORD, email_of
from tests.conversations.factories import add_rating, make_conversation, make_cycle, make_goal

SEED = PROJECT_ROOT / "seeds" / "functions" / "000_86635a2c460ee1b5.txt"
CSRF_TOKEN = re.compile(rb'name="csrf_token" value="[^"]*"')
OTHER_TEXT = "Klanten centraal stellen in alles wat je doet."


def other_document(description: str = OTHER_TEXT, name: str = "Klantgerichtheid") -> bytes:
    """A second function whose "Klantgerichtheid" has a text of its own."""
    return render(
        FunctionDescription(
            title="Baliemedewerker",
            family="Dienstverlening",
            purpose="Klanten aan de balie helpen.",
            result_areas=[],
            competencies=[
                CompetencyData(
                    name=name,
                    description=description,
                    indicators=["Groet elke klant.", "Vraagt door."],
                    questions=["Wat deed je voor een boze klant?"],
                    tips=["Loop een dag mee aan de balie.", "Vraag klanten om feedback."],
                )
            ],
            levels=[LevelData("", "6")],
        )
    ).encode("utf-8")


@pytest.fixture
def seeded(app, org):
    """The seed imported, held by the employee, with a goal from a tip and a signed appraisal."""
    with app.app_context():
        import_path(SEED, actor=None)
        function = db.session.scalar(select(JobFunction))
        competency = next(
            link.competency
            for link in function.competency_links
            if link.competency.name == "Klantgerichtheid"
        )
        employee = db.session.get(User, org.employee)
        employee.function_id = function.id
        db.session.commit()
        ids = {
            "function": function.id,
            "competency": competency.id,
            "tip": competency.tips[0].id,
            "indicators": [indicator.id for indicator in competency.indicators],
        }
    cycle = make_cycle(app)
    ids["goal"] = make_goal(
        app,
        org.employee,
        cycle,
        title="Klanten beter helpen",
        competency_id=ids["competency"],
        source_tip_id=ids["tip"],
    )
    signed = datetime(2026, 11, 30, 15, 0, tzinfo=UTC).replace(tzinfo=None)
    ids["conversation"] = make_conversation(
        app,
        org.employee,
        org.manager,
        cycle,
        ConversationKind.APPRAISAL,
        ConversationStatus.SIGNED,
        overall_rating=3,
        overall_motivation="Goed jaar.",
        manager_signed_at=signed,
    )
    add_rating(app, ids["conversation"], ids["competency"], 4)
    for indicator in ids["indicators"]:
        add_rating(app, ids["conversation"], ids["competency"], 3, indicator)
    # The employee signs last, after the ratings: the database refuses ratings on a signed report.
    with app.app_context():
        db.session.execute(
            update(Conversation)
            .where(Conversation.id == ids["conversation"])
            .values(employee_signed_at=signed)
        )
        db.session.commit()
    return ids


def pages(app, org, ids) -> dict[str, bytes]:
    """The function page (HR), the employee's function, goal and signed report, as served.

    Only the CSRF token, which carries the time it was made, is blanked out.
    """
    hr, employee = signed_in(app, org.hr), signed_in(app, org.employee)
    rendered = {
        "function": hr.get(f"/functies/{ids['function']}").data,
        "own function": employee.get("/functies/mijn-functie").data,
        "goal": employee.get(f"/pop/doelen/{ids['goal']}").data,
        "report": employee.get(f"/gesprekken/{ids['conversation']}/verslag").data,
    }
    for name, body in rendered.items():
        assert b"Klantgerichtheid" in body, name
        rendered[name] = CSRF_TOKEN.sub(b'name="csrf_token" value=""', body)
    return rendered


def signed_in(app, user_id: int):
    client = app.test_client()
    response = client.post(
        "/auth/login", data={"email": email_of(app, user_id), "password": PASSWORD}
    )
    assert response.status_code == 302
    client.get(response.location)  # the welcome, if any, is flashed here and not on a page
    return client


def test_a_second_document_leaves_the_first_function_and_its_records_byte_identical(
    app, org, seeded
):
    before = pages(app, org, seeded)
    with app.app_context():
        summary = import_document("baliemedewerker.txt", other_document(), actor=None)
        db.session.commit()
        assert summary.status == CREATED
        [change] = summary.competency_changes
        assert (change.outcome, change.choice_offered, change.chosen) == (KEPT_APART, True, None)
        assert change.usage.functions == ["Accountmanager dienstverlening"]
        assert change.usage.goal_count == 1
        assert change.usage.conversation_count == 1
        assert KEPT_APART_UNCHOSEN in [warning.template for warning in summary.warnings]
        stored = db.session.get(Competency, seeded["competency"])
        assert (len(stored.indicators), len(stored.questions), len(stored.tips)) == (6, 4, 9)
    assert pages(app, org, seeded) == before


def test_the_goal_keeps_its_tip_and_the_variant_is_its_own(app, seeded):
    with app.app_context():
        summary = import_document("baliemedewerker.txt", other_document(), actor=None)
        db.session.commit()
        variant = db.session.get(JobFunction, summary.function_id).competency_links[0].competency
        assert variant.id != seeded["competency"]
        assert (variant.name, variant.variant_of_id) == ("Klantgerichtheid", seeded["competency"])
        assert variant.description == OTHER_TEXT
        tip = db.session.get(DevelopmentTip, seeded["tip"])
        assert tip.competency_id == seeded["competency"]
        assert not tip.is_retired


def test_reimporting_the_seed_after_a_variant_changes_nothing(app, seeded):
    with app.app_context():
        import_document("baliemedewerker.txt", other_document(), actor=None)
        db.session.commit()
        [summary] = import_path(SEED, actor=None)
        assert summary.status == UNCHANGED
        assert {change.outcome for change in summary.competency_changes} == {SAME}


def test_after_hr_adopts_the_first_function_shows_the_new_text_and_records_keep_the_old(
    app, org, seeded
):
    before = pages(app, org, seeded)
    with app.app_context():
        old_texts = {
            indicator.id: indicator.text
            for indicator in db.session.get(Competency, seeded["competency"]).indicators
        }
        import_document("baliemedewerker.txt", other_document(), actor=None)
        db.session.commit()
        summary = import_document(
            "baliemedewerker.txt",
            other_document(),
            actor=None,
            choices=Choices.named(adopt=("Klantgerichtheid",)),
        )
        db.session.commit()
        [change] = summary.competency_changes
        assert (change.outcome, change.version) == (ADOPTED, 2)
        adopted = db.session.get(Competency, seeded["competency"])
        assert adopted.description == OTHER_TEXT
        assert [version.number for version in adopted.versions] == [1, 2]
        assert adopted.versions[0].indicators == list(old_texts.values())
        # The rated indicators and the goal's tip are retired, not deleted: the records keep them.
        ratings = db.session.scalars(
            select(ConversationRating).where(
                ConversationRating.conversation_id == seeded["conversation"]
            )
        ).all()
        rated = {rating.indicator_id for rating in ratings if rating.indicator_id}
        assert rated == set(old_texts)
        for indicator_id, text in old_texts.items():
            indicator = db.session.get(BehaviourIndicator, indicator_id)
            assert (indicator.text, indicator.is_retired) == (text, True)
        tip = db.session.get(DevelopmentTip, seeded["tip"])
        assert tip.is_retired
        assert [indicator.text for indicator in adopted.indicators] == [
            "Groet elke klant.",
            "Vraagt door.",
        ]
    after = pages(app, org, seeded)
    assert OTHER_TEXT.encode() in after["function"]
    assert OTHER_TEXT.encode() not in before["function"]
    assert after["goal"] == before["goal"]
    assert b"Loop een dag mee aan de balie." in after["own function"]
    employee = signed_in(app, org.employee)
    assert employee.get(f"/pop/doelen/nieuw?tip={seeded['tip']}").status_code == 404
    with app.app_context():
        retired_tip = db.session.get(DevelopmentTip, seeded["tip"]).text
    offered = employee.get("/pop/tips").text
    assert "Loop een dag mee aan de balie." in offered
    assert retired_tip not in offered
