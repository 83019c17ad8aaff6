"""The filter form's departments: for HR of the whole organisation worked out once and kept
between requests until a department changes, in every language the same list."""

from sqlalchemy import update

from pop.extensions import db
from pop.models import Department, User
from tests import html
from tests.conftest import PASSWORD, email_of

DEPARTMENT_OPTIONS = "select#department option"


def department_options(client, url: str = "/hr/overzicht") -> list[tuple[str, str, bool]]:
    page = html.page(client.get(url))
    return [
        (option["value"], html.text(option), option.has_attr("selected"))
        for option in html.select(page, DEPARTMENT_OPTIONS)
    ]


def test_the_options_name_every_department_by_its_path_in_the_order_of_the_paths(
    client, login, catalogue, hr_user
):
    login(hr_user)
    options = department_options(client)
    assert options[0] == ("", "Alle afdelingen", True)
    labels = [label for _value, label, _selected in options[1:]]
    assert labels == sorted(labels, key=str.lower)
    assert "Gemeente › Sociaal Domein › Jeugd" in labels
    assert len(labels) == len(catalogue.departments)
    jeugd = str(catalogue.departments["Jeugd"])
    chosen = department_options(client, f"/hr/overzicht?department={jeugd}")
    assert [value for value, _label, selected in chosen if selected] == [jeugd]


def test_a_department_renamed_added_or_changed_in_bulk_shows_at_once(
    app, client, login, catalogue, hr_user
):
    login(hr_user)
    before = department_options(client)
    assert department_options(client) == before  # the kept options, the same page
    with app.app_context():
        db.session.get(Department, catalogue.departments["Ruimte"]).name = "Fysiek Domein"
        db.session.add(Department(name="Archief", parent_id=catalogue.departments["Gemeente"]))
        db.session.commit()
    labels = [label for _value, label, _selected in department_options(client)]
    assert "Gemeente › Fysiek Domein" in labels
    assert "Gemeente › Ruimte" not in labels
    assert "Gemeente › Archief" in labels
    with app.app_context():
        db.session.execute(
            update(Department)
            .where(Department.id == catalogue.departments["Wmo"])
            .values(name="Zorg")
        )
        db.session.commit()
    labels = [label for _value, label, _selected in department_options(client)]
    assert "Gemeente › Sociaal Domein › Zorg" in labels


def test_an_english_page_shares_the_departments_and_translates_its_own_words(
    app, client, login, catalogue, hr_user
):
    login(hr_user)
    dutch = department_options(client)
    with app.app_context():
        db.session.get(User, hr_user).language = "en"
        db.session.commit()
    english = department_options(client)
    assert english[0] == ("", "All departments", True)
    assert english[1:] == dutch[1:]


def test_hr_of_one_directorate_is_offered_only_its_departments_after_the_whole_list_was_kept(
    app, catalogue, hr_user, scoped_hr_user
):
    everyone, scoped = app.test_client(), app.test_client()
    for client, user_id in ((everyone, hr_user), (scoped, scoped_hr_user)):
        response = client.post(
            "/auth/login", data={"email": email_of(app, user_id), "password": PASSWORD}
        )
        assert response.status_code == 302
    assert len(department_options(everyone)) == len(catalogue.departments) + 1
    labels = [label for _value, label, _selected in department_options(scoped)[1:]]
    assert labels == [
        "Gemeente › Sociaal Domein",
        "Gemeente › Sociaal Domein › Jeugd",
        "Gemeente › Sociaal Domein › Wmo",
    ]
