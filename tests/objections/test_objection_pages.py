"""The objection pages: lodging with an attachment, HR's decision, the list and the dashboard."""

import io

from sqlalchemy import select

from pop.extensions import db
from pop.models import (
    Conversation,
    ConversationKind,
    ConversationStatus,
    Department,
    Objection,
    ObjectionStatus,
    User,
)
from pop.models._time import utcnow
from pop.models.limits import limit
from tests.conversations.factories import make_conversation


def _lodge_url(conversation_id: int) -> str:
    return f"/bezwaren/gesprek/{conversation_id}"


def test_the_employee_lodges_an_objection_with_an_attachment(app, client, login, org, signed):
    login(org.employee)
    page = client.get(f"/gesprekken/{signed.conversation}").get_data(as_text=True)
    assert f'href="{_lodge_url(signed.conversation)}"' in page
    response = client.post(
        _lodge_url(signed.conversation),
        data={
            "body": "Mijn adviezen zijn niet meegewogen.",
            "attachments": [(io.BytesIO(b"%PDF-1.4 bewijs"), "adviezen.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        objection = db.session.scalar(select(Objection))
        assert objection.body == "Mijn adviezen zijn niet meegewogen."
        [attachment] = objection.attachments
        assert attachment.name == "adviezen.pdf"
        objection_id, attachment_id = objection.id, attachment.id
    page = client.get(f"/bezwaren/{objection_id}").get_data(as_text=True)
    assert "Mijn adviezen zijn niet meegewogen." in page
    download = client.get(f"/bezwaren/{objection_id}/bijlagen/{attachment_id}")
    assert download.data == b"%PDF-1.4 bewijs"
    client.post("/auth/logout")
    login(signed.director)  # the second assessor reads it too, and its attachment
    assert client.get(f"/bezwaren/{objection_id}").status_code == 200
    assert client.get(f"/bezwaren/{objection_id}/bijlagen/{attachment_id}").status_code == 200


def test_an_objection_over_its_limit_is_shown_again_with_the_limit_of_text_limits(
    app, client, login, org, signed
):
    login(org.employee)
    maximum = limit("objection", "body")
    response = client.post(_lodge_url(signed.conversation), data={"body": "x" * (maximum + 1)})
    assert response.status_code == 422
    assert f"Houd het bij {maximum} tekens." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Objection.id)) is None


def test_an_empty_objection_is_shown_again_and_a_late_one_refused(app, client, login, org, signed):
    login(org.employee)
    response = client.post(_lodge_url(signed.conversation), data={"body": ""})
    assert response.status_code == 422
    assert "Schrijf op waartegen je bezwaar maakt en waarom." in response.get_data(as_text=True)
    app.config["OBJECTION_DAYS"] = -1  # the period ended before today
    page = client.get(_lodge_url(signed.conversation)).get_data(as_text=True)
    assert "De termijn voor bezwaar is verstreken" in page
    assert "Bezwaar indienen" not in page
    response = client.post(_lodge_url(signed.conversation), data={"body": "Te laat."})
    assert response.status_code == 422
    assert "Te laat." in response.get_data(as_text=True)  # what was typed is not lost
    assert "verstreken" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Objection.id)) is None


def test_a_bad_attachment_is_refused_with_the_text_kept(app, client, login, org, signed):
    login(org.employee)
    response = client.post(
        _lodge_url(signed.conversation),
        data={
            "body": "Mijn tekst blijft staan.",
            "attachments": [(io.BytesIO(b"MZ program"), "virus.exe")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Mijn tekst blijft staan." in body
    assert "wordt niet aangenomen" in body
    with app.app_context():
        assert db.session.scalar(select(Objection.id)) is None


def test_hr_takes_up_and_amends_and_the_addendum_shows_on_the_conversation(
    app, client, login, org, signed
):
    login(org.employee)
    client.post(_lodge_url(signed.conversation), data={"body": "Te laag."})
    client.post("/auth/logout")
    with app.app_context():
        objection_id = db.session.scalar(select(Objection.id))
    login(org.hr)
    page = f"/bezwaren/{objection_id}"
    assert client.post(page + "/in-behandeling").status_code == 302
    response = client.post(page + "/afhandelen", data={"outcome": "aangepast", "motivation": ""})
    assert response.status_code == 422
    assert "Motiveer de beslissing" in response.get_data(as_text=True)
    response = client.post(
        page + "/afhandelen",
        data={"outcome": "aangepast", "motivation": "Het eindoordeel wordt goed."},
    )
    assert response.status_code == 302
    client.post("/auth/logout")
    login(org.employee)
    conversation = client.get(f"/gesprekken/{signed.conversation}").get_data(as_text=True)
    assert "Het eindoordeel wordt goed." in conversation
    assert "Hanna HR" in conversation
    with app.app_context():
        assert db.session.get(Objection, objection_id).objection_status == (ObjectionStatus.DECIDED)


def _objections(app, org, number: int, cycle_id: int) -> None:
    with app.app_context():
        signed_at = utcnow()
    for _ in range(number):
        conversation = make_conversation(
            app,
            org.employee,
            org.manager,
            cycle_id,
            kind=ConversationKind.APPRAISAL,
            status=ConversationStatus.SIGNED,
            employee_signed_at=signed_at,
            manager_signed_at=signed_at,
        )
        with app.app_context():
            db.session.add(
                Objection(conversation_id=conversation, employee_id=org.employee, body="Nee.")
            )
            db.session.commit()


def _count(client, count_queries, url: str) -> int:
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_list_and_the_dashboard_load_in_the_same_number_of_queries_for_2_and_50(
    app, client, login, org, signed, count_queries
):
    with app.app_context():
        cycle_id = db.session.get(Conversation, signed.conversation).cycle_id
    _objections(app, org, 2, cycle_id)
    login(org.hr)
    client.get("/hr/overzicht")  # the department list is read once, then cached
    two = _count(client, count_queries, "/bezwaren/")
    dashboard_two = _count(client, count_queries, "/hr/overzicht")
    _objections(app, org, 48, cycle_id)
    assert _count(client, count_queries, "/bezwaren/") == two
    assert _count(client, count_queries, "/hr/overzicht") == dashboard_two


def test_the_dashboard_counts_objections_per_department(app, client, login, org, signed):
    with app.app_context():
        cycle_id = db.session.get(Conversation, signed.conversation).cycle_id
    _objections(app, org, 3, cycle_id)
    with app.app_context():
        db.session.execute(
            Objection.__table__.update()
            .where(Objection.id == 1)
            .values(status=ObjectionStatus.DECIDED.value, outcome="gehandhaafd")
        )
        department = db.session.get(Department, db.session.get(User, org.employee).department_id)
        name = department.name
        db.session.commit()
    login(org.hr)
    page = client.get("/hr/overzicht").get_data(as_text=True)
    assert "Bezwaren per afdeling" in page
    row = page[page.index(f'<th scope="row">{name}</th>', page.index("bezwaren-dashboard")) :]
    row = row[: row.index("</tr>")]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:-1]] == ["2", "0", "1", "3"]
