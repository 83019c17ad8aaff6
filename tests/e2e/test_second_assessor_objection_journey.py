"""A beoordeling with a second assessor, and an objection that ends in an addendum.

HR asks for a second assessor in the cycle; the manager finalises, the second assessor sends
the report back and agrees the revised one; the employee signs and objects with an attachment;
HR takes the objection up and amends the judgement, which appears as a dated addendum while the
frozen report stays as it was signed. axe-core checks every page on the way.
"""

from playwright.sync_api import expect

from pop.extensions import db
from pop.models import Conversation, ConversationKind, ConversationStatus, Role, User
from tests.conversations.factories import add_rating, make_conversation, make_cycle, make_function

COMMENT = "Onderbouw het eindoordeel met twee voorbeelden."
OBJECTION = "Mijn adviezen over de wijkaanpak zijn niet meegewogen."
AMENDMENT = "Het eindoordeel wordt 'goed': de adviezen over de wijkaanpak tellen mee."


def test_a_beoordeling_with_a_second_assessor_and_an_objection_that_ends_in_an_addendum(
    app, page, org, make_user, browser_login, assert_accessible, tmp_path
):
    function = make_function(app, [org.employee])
    cycle_id = make_cycle(app)
    director = make_user("Dirk Directeur", roles={Role.MANAGER, Role.EMPLOYEE})
    with app.app_context():
        db.session.get(User, org.manager).manager_id = director
        db.session.commit()
    conversation_id = make_conversation(
        app,
        org.employee,
        org.manager,
        cycle_id,
        ConversationKind.APPRAISAL,
        ConversationStatus.HELD,
        overall_rating=3,
        overall_motivation="Een degelijk jaar.",
    )
    add_rating(app, conversation_id, function.competencies[0], 3)
    conversation_url = f"/gesprekken/{conversation_id}"

    def visit_as(person: int, url: str) -> None:
        page.context.clear_cookies()
        browser_login(person)
        page.goto(url)
        assert_accessible(page)

    # HR: this cycle's appraisals go to a second assessor.
    visit_as(org.hr, f"/hr/cycli/{cycle_id}/tweede-beoordelaar")
    page.get_by_label("Een beoordelingsgesprek gaat eerst naar een tweede beoordelaar").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("opgeslagen")
    assert_accessible(page)

    # The manager finalises: the report goes to the manager's own manager.
    visit_as(org.manager, conversation_url)
    page.get_by_role("button", name="Afronden en ondertekenen").click()
    expect(page.locator("#tweede-beoordelaar")).to_contain_text("Dirk Directeur")
    assert_accessible(page)

    # The second assessor finds it on the start page and sends it back with a comment.
    visit_as(director, "/")
    page.get_by_role("link", name="Beoordeling van Sanne Medewerker").click()
    assert_accessible(page)
    page.get_by_label("Waarom stuur je het verslag terug?").fill(COMMENT)
    page.get_by_role("button", name="Terugsturen").click()
    expect(page.get_by_role("status")).to_contain_text("teruggestuurd")
    assert_accessible(page)

    # The manager reads the comment and finalises again; the second assessor agrees.
    visit_as(org.manager, conversation_url)
    expect(page.get_by_text(COMMENT)).to_be_visible()
    page.get_by_role("button", name="Afronden en ondertekenen").click()
    visit_as(director, f"{conversation_url}/tweede-beoordelaar")
    page.get_by_role("button", name="Akkoord", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("goedgekeurd")
    assert_accessible(page)

    # The employee signs, and objects with an attachment.
    visit_as(org.employee, conversation_url)
    page.get_by_role("button", name="Voor gezien tekenen").click()
    expect(page.get_by_role("status")).to_contain_text("voor gezien getekend")
    with app.app_context():
        report = db.session.get(Conversation, conversation_id).report
        signed_content, signed_digest = dict(report.content), report.digest
    assert signed_content["second_assessor"]["name"] == "Dirk Directeur"
    page.get_by_role("link", name="Bezwaar maken").click()
    assert_accessible(page)
    evidence = tmp_path / "adviezen.pdf"
    evidence.write_bytes(b"%PDF-1.4 adviezen over de wijkaanpak")
    page.get_by_label("Mijn bezwaar").fill(OBJECTION)
    page.get_by_label("Bijlagen (optioneel)").set_input_files(str(evidence))
    page.get_by_role("button", name="Bezwaar indienen").click()
    expect(page.get_by_text(OBJECTION)).to_be_visible()
    expect(page.get_by_role("link", name="adviezen.pdf")).to_be_visible()
    assert_accessible(page)

    # HR: the list, the dashboard's count, taking it up and amending the judgement.
    visit_as(org.hr, "/bezwaren/")
    page.get_by_role("link", name="Sanne Medewerker").click()
    page.get_by_role("button", name="In behandeling nemen").click()
    expect(page.get_by_role("status")).to_contain_text("in behandeling")
    assert_accessible(page)
    page.get_by_label("Aangepast: het oordeel verandert", exact=False).check()
    page.get_by_label("Motivering", exact=True).fill(AMENDMENT)
    page.get_by_role("button", name="Beslissing vastleggen").click()
    expect(page.get_by_text("Het oordeel is aangepast")).to_be_visible()
    assert_accessible(page)
    visit_as(org.hr, "/hr/overzicht")
    expect(page.locator("#bezwaren")).to_contain_text("Dienstverlening")

    # The employee reads the addendum beside the report, which is as it was signed.
    visit_as(org.employee, conversation_url)
    expect(page.locator("#aanvullingen")).to_contain_text(AMENDMENT)
    visit_as(org.employee, f"{conversation_url}/verslag")
    expect(page.get_by_text("Tweede beoordelaar, akkoord: Dirk Directeur")).to_be_visible()
    with app.app_context():
        report = db.session.get(Conversation, conversation_id).report
        assert report.content == signed_content
        assert report.digest == signed_digest
