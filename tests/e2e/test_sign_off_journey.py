"""Signing keeps what was typed: one press of "Voor gezien tekenen" saves the zienswijze too."""

import io
from datetime import datetime

from playwright.sync_api import expect
from pypdf import PdfReader

from pop.extensions import db
from pop.models import Conversation, ConversationKind, ConversationStatus
from tests.conversations.factories import add_rating, make_conversation, make_cycle, make_function

ZIENSWIJZE = "Ik zie het eindoordeel anders: het tweede halfjaar telt te weinig mee."


def test_the_zienswijze_typed_on_the_sign_off_form_is_signed_with_it(
    app, page, org, browser_login, assert_accessible
):
    function = make_function(app, [org.employee])
    competency = function.competencies[0]
    conversation_id = make_conversation(
        app,
        org.employee,
        org.manager,
        make_cycle(app),
        ConversationKind.APPRAISAL,
        ConversationStatus.HELD,
        overall_rating=3,
        overall_motivation="Een degelijk jaar.",
        manager_signed_at=datetime(2026, 11, 30, 15, 0),
    )
    add_rating(app, conversation_id, competency, 3)

    browser_login(org.employee)
    page.goto(f"/gesprekken/{conversation_id}")
    assert_accessible(page)
    page.get_by_label("Mijn zienswijze").fill(ZIENSWIJZE)
    page.get_by_role("button", name="Voor gezien tekenen").click()
    expect(page.get_by_role("status")).to_contain_text("voor gezien getekend")
    expect(page.get_by_text(ZIENSWIJZE)).to_be_visible()
    assert_accessible(page)

    with app.app_context():
        conversation = db.session.get(Conversation, conversation_id)
        assert conversation.is_signed
        assert conversation.employee_response == ZIENSWIJZE
        assert conversation.report.content["employee_response"] == ZIENSWIJZE

    page.goto(f"/gesprekken/{conversation_id}/verslag")
    expect(page.get_by_text(ZIENSWIJZE)).to_be_visible()
    expect(page.get_by_text("Geen zienswijze.")).to_have_count(0)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als PDF").click()
    pdf = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    text = " ".join("".join(p.extract_text() for p in pdf.pages).split())
    assert ZIENSWIJZE in text
    assert "Geen zienswijze" not in text
