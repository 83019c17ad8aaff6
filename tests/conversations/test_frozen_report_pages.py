"""A report signed through the site is frozen: a later catalogue import never reaches its page."""

import io
import re
from datetime import datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from pop.catalogue.changes import Choices
from pop.catalogue.importer import import_document, import_path
from pop.extensions import db
from pop.models import (
    Competency,
    Conversation,
    ConversationKind,
    ConversationStatus,
    JobFunction,
    User,
)
from tests.catalogue.test_competency_versions import OTHER_TEXT, SEED, other_document, signed_in
from tests.conversations.factories import add_rating, make_conversation, make_cycle, make_goal

CSRF_TOKEN = re.compile(rb'name="csrf_token" value="[^"]*"')


@pytest.fixture
def signed_on_the_site(app, org) -> dict:
    """The seed's function, a goal made from one of its tips, and an appraisal the employee
    signed on the sign-off page after the manager rated every indicator of "Klantgerichtheid"."""
    with app.app_context():
        import_path(SEED, actor=None)
        function = db.session.scalar(select(JobFunction))
        competency = next(
            link.competency
            for link in function.competency_links
            if link.competency.name == "Klantgerichtheid"
        )
        db.session.get(User, org.employee).function_id = function.id
        db.session.commit()
        ids = {
            "function": function.id,
            "competency": competency.id,
            "tip": competency.tips[0].id,
            "indicators": [indicator.id for indicator in competency.indicators],
            "old_indicator_texts": [indicator.text for indicator in competency.indicators],
            "old_description": competency.description,
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
    ids["conversation"] = make_conversation(
        app,
        org.employee,
        org.manager,
        cycle,
        ConversationKind.APPRAISAL,
        ConversationStatus.HELD,
        overall_rating=3,
        overall_motivation="Goed jaar.",
        manager_signed_at=datetime(2026, 11, 30, 15, 0),
    )
    add_rating(app, ids["conversation"], ids["competency"], 4)
    for indicator in ids["indicators"]:
        add_rating(app, ids["conversation"], ids["competency"], 3, indicator)
    employee = signed_in(app, org.employee)
    response = employee.post(
        f"/gesprekken/{ids['conversation']}/voor-gezien",
        data={"employee_response": "Ik herken mij in het verslag."},
    )
    assert response.status_code == 302
    with app.app_context():
        conversation = db.session.get(Conversation, ids["conversation"])
        assert conversation.is_signed
        assert conversation.report is not None
        ids["digest"] = conversation.report.digest
    return ids


def pages(app, org, ids) -> dict[str, bytes]:
    """The function page (HR), the employee's function and goal, and the signed report."""
    hr, employee = signed_in(app, org.hr), signed_in(app, org.employee)
    rendered = {
        "function": hr.get(f"/functies/{ids['function']}"),
        "own function": employee.get("/functies/mijn-functie"),
        "goal": employee.get(f"/pop/doelen/{ids['goal']}"),
        "report": employee.get(f"/gesprekken/{ids['conversation']}/verslag"),
        "report as manager": signed_in(app, org.manager).get(
            f"/gesprekken/{ids['conversation']}/verslag"
        ),
    }
    result = {}
    for name, response in rendered.items():
        assert response.status_code == 200, name
        assert b"Klantgerichtheid" in response.data, name
        result[name] = CSRF_TOKEN.sub(b'name="csrf_token" value=""', response.data)
    return result


def test_the_signed_report_page_shows_its_digest(app, org, signed_on_the_site):
    report = pages(app, org, signed_on_the_site)["report"].decode()
    assert signed_on_the_site["digest"] in report
    assert "Kenmerk (SHA-256)" in report
    for text in signed_on_the_site["old_indicator_texts"]:
        assert text in report


def test_a_same_named_competency_elsewhere_leaves_every_page_byte_identical(
    app, org, signed_on_the_site
):
    before = pages(app, org, signed_on_the_site)
    with app.app_context():
        import_document("baliemedewerker.txt", other_document(), actor=None)
        db.session.commit()
    assert pages(app, org, signed_on_the_site) == before


def test_after_hr_adopts_the_function_shows_the_new_text_and_the_report_the_old(
    app, org, signed_on_the_site
):
    ids = signed_on_the_site
    before = pages(app, org, ids)
    with app.app_context():
        import_document(
            "baliemedewerker.txt",
            other_document(),
            actor=None,
            choices=Choices.named(adopt=("Klantgerichtheid",)),
        )
        db.session.commit()
        assert db.session.get(Competency, ids["competency"]).description == OTHER_TEXT
    after = pages(app, org, ids)
    assert OTHER_TEXT.encode() in after["function"]
    assert ids["old_description"].encode() not in after["function"]
    assert after["goal"] == before["goal"]
    assert after["report"] == before["report"]
    assert after["report as manager"] == before["report as manager"]
    for text in ids["old_indicator_texts"]:
        assert text.encode() in after["report"]
    assert b"Groet elke klant." not in after["report"]


def test_the_pdf_is_fed_from_the_snapshot(app, org, signed_on_the_site):
    ids = signed_on_the_site
    employee = signed_in(app, org.employee)
    before = employee.get(f"/gesprekken/{ids['conversation']}/verslag.pdf")
    assert before.status_code == 200
    with app.app_context():
        import_document(
            "baliemedewerker.txt",
            other_document(),
            actor=None,
            choices=Choices.named(adopt=("Klantgerichtheid",)),
        )
        db.session.commit()
    after = employee.get(f"/gesprekken/{ids['conversation']}/verslag.pdf")
    assert pdf_text(after.data) == pdf_text(before.data)
    assert ids["old_indicator_texts"][0][:30] in pdf_text(after.data)


def pdf_text(data: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())
