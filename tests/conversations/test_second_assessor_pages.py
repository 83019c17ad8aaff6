"""The second assessor's pages: the start page item, agree and send back, HR's choices."""

import pytest
from sqlalchemy import select

from pop.conversations import services
from pop.extensions import db
from pop.models import AuditEvent, Conversation, Cycle, Role, User
from tests.conversations.second_assessor_setting import make_setting


@pytest.fixture
def setting(app, org, make_user, cycle_id):
    return make_setting(app, org, make_user, cycle_id)


def _finalise(app, org, setting) -> None:
    with app.app_context():
        conversation = db.session.get(Conversation, setting.conversation)
        services.sign_as_manager(conversation, db.session.get(User, org.manager))
        db.session.commit()


def _page(setting) -> str:
    return f"/gesprekken/{setting.conversation}/tweede-beoordelaar"


def test_the_start_page_links_the_second_assessor_to_the_exact_page(
    app, client, login, org, setting
):
    _finalise(app, org, setting)
    login(setting.director)
    home = client.get("/").get_data(as_text=True)
    assert "Verslagen om mee te tekenen" in home
    assert f'href="{_page(setting)}"' in home
    page = client.get(_page(setting)).get_data(as_text=True)
    assert "Akkoord geven" in page
    assert "Terugsturen naar de leidinggevende" in page


def test_the_employee_sees_no_sign_form_until_the_second_assessor_agreed(
    app, client, login, org, setting
):
    _finalise(app, org, setting)
    login(org.employee)
    page = client.get(f"/gesprekken/{setting.conversation}").get_data(as_text=True)
    assert "Eerst geeft de tweede beoordelaar akkoord" in page
    assert "voor-gezien" not in page
    assert "verslagen wachten" not in client.get("/").get_data(as_text=True)
    assert "wacht op je handtekening" not in client.get("/").get_data(as_text=True)
    client.post("/auth/logout")
    login(setting.director)
    response = client.post(_page(setting) + "/akkoord")
    assert response.status_code == 302
    client.post("/auth/logout")
    login(org.employee)
    page = client.get(f"/gesprekken/{setting.conversation}").get_data(as_text=True)
    assert f"/gesprekken/{setting.conversation}/voor-gezien" in page


def test_a_send_back_without_comment_keeps_the_page_and_says_why(app, client, login, org, setting):
    _finalise(app, org, setting)
    login(setting.director)
    response = client.post(_page(setting) + "/terugsturen", data={"comment": " "})
    assert response.status_code == 422
    assert "Schrijf erbij waarom je het verslag terugstuurt." in response.get_data(as_text=True)
    too_long = "x" * 5_001
    response = client.post(_page(setting) + "/terugsturen", data={"comment": too_long})
    assert response.status_code == 422
    assert too_long in response.get_data(as_text=True)  # what was typed is not lost
    with app.app_context():
        assert db.session.get(Conversation, setting.conversation).manager_signed_at is not None


def test_the_manager_reads_the_comment_of_a_report_sent_back(app, client, login, org, setting):
    _finalise(app, org, setting)
    login(setting.director)
    response = client.post(
        _page(setting) + "/terugsturen", data={"comment": "Voeg voorbeelden toe."}
    )
    assert response.status_code == 302
    client.post("/auth/logout")
    login(org.manager)
    page = client.get(f"/gesprekken/{setting.conversation}").get_data(as_text=True)
    assert "Teruggestuurd door de tweede beoordelaar" in page
    assert "Voeg voorbeelden toe." in page
    assert "Afronden en ondertekenen" in page


def test_the_report_shows_both_names_and_dates(app, client, login, org, setting):
    _finalise(app, org, setting)
    login(setting.director)
    client.post(_page(setting) + "/akkoord")
    client.post("/auth/logout")
    login(org.employee)
    client.post(f"/gesprekken/{setting.conversation}/voor-gezien", data={"employee_response": ""})
    report = client.get(f"/gesprekken/{setting.conversation}/verslag").get_data(as_text=True)
    assert "Leidinggevende: Marieke Manager" in report
    assert "Tweede beoordelaar, akkoord: Dirk Directeur" in report
    assert "nog niet akkoord" not in report
    assert "nog niet getekend" not in report
    pdf = client.get(f"/gesprekken/{setting.conversation}/verslag.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"


def test_hr_names_a_second_assessor_by_email_address(app, client, login, org, setting, make_user):
    other = make_user("Olga Overste", roles={Role.MANAGER, Role.EMPLOYEE}, email="olga@pop.example")
    login(org.hr)
    conversation_page = client.get(f"/gesprekken/{setting.conversation}").get_data(as_text=True)
    assert f'href="{_page(setting)}"' in conversation_page
    response = client.post(_page(setting) + "/aanwijzen", data={"email": "nobody@pop.example"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Er is niemand met dit e-mailadres" in body
    assert "nobody@pop.example" in body
    response = client.post(_page(setting) + "/aanwijzen", data={"email": "OLGA@pop.example"})
    assert response.status_code == 302
    with app.app_context():
        conversation = db.session.get(Conversation, setting.conversation)
        assert conversation.second_assessment.assessor_id == other


def test_hr_turns_the_second_assessor_on_for_a_cycle(app, client, login, org, cycle_id):
    login(org.hr)
    url = f"/hr/cycli/{cycle_id}/tweede-beoordelaar"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"required": "y"}).status_code == 302
    with app.app_context():
        assert db.session.get(Cycle, cycle_id).second_assessor_required is True
        assert db.session.scalar(
            select(AuditEvent.id).where(AuditEvent.action == "cycle_second_assessor_set")
        )
    assert "checked" in client.get(url).get_data(as_text=True)
    client.post(url, data={})
    with app.app_context():
        assert db.session.get(Cycle, cycle_id).second_assessor_required is False
