"""The people drill-down filtered on a team (`?leidinggevende=<id>`) names the manager only
to HR who may know them: HR limited to one department learns no name from another."""

from datetime import date

import pytest

from pop.extensions import db
from pop.models import Cycle, HrScope, Role, User

DRILL_DOWN = "/hr/overzicht/medewerkers?leidinggevende={manager}"


@pytest.fixture
def cycle(app) -> int:
    today = date.today()
    with app.app_context():
        cycle = Cycle(
            name=str(today.year),
            starts_on=date(today.year, 1, 1),
            ends_on=date(today.year, 12, 31),
            is_open=True,
        )
        db.session.add(cycle)
        db.session.commit()
        return cycle.id


@pytest.fixture
def scoped_hr(app, org, make_user) -> int:
    """HR for department A only (Dienstverlening, Marieke Manager's team)."""
    user_id = make_user(
        "Sacha Scoped", roles={Role.HR}, department_id=org.department_a, hr_organisation_wide=False
    )
    with app.app_context():
        db.session.add(HrScope(user_id=user_id, department_id=org.department_a))
        db.session.commit()
    return user_id


@pytest.mark.parametrize("suffix", ["", "&figuur=zonder-pop"])
def test_scoped_hr_learns_no_name_of_a_manager_in_another_department(
    client, org, login, cycle, scoped_hr, suffix
):
    login(scoped_hr)
    response = client.get(DRILL_DOWN.format(manager=org.other_manager) + suffix)
    assert response.status_code == 404
    assert "Karim Manager" not in response.text
    export = client.get(f"/hr/overzicht/medewerkers.csv?leidinggevende={org.other_manager}{suffix}")
    assert export.status_code == 404
    assert "Karim Manager" not in export.text


def test_a_missing_manager_is_404_as_well(client, org, login, cycle, scoped_hr):
    login(scoped_hr)
    assert client.get(DRILL_DOWN.format(manager=99_999)).status_code == 404


def test_scoped_hr_sees_the_name_of_a_manager_in_its_department(
    client, org, login, cycle, scoped_hr
):
    login(scoped_hr)
    response = client.get(DRILL_DOWN.format(manager=org.manager))
    assert response.status_code == 200
    assert "team van Marieke Manager" in response.text


def test_scoped_hr_sees_the_name_of_an_outside_manager_of_someone_in_scope(
    app, client, org, login, cycle, scoped_hr
):
    # The manager's name is on that employee's row already: the drill-down may say it too.
    with app.app_context():
        db.session.get(User, org.colleague).manager_id = org.other_manager
        db.session.commit()
    login(scoped_hr)
    response = client.get(DRILL_DOWN.format(manager=org.other_manager))
    assert response.status_code == 200
    assert "team van Karim Manager" in response.text
    assert "Pieter Collega" in response.text
    assert "Lotte Anderteam" not in response.text


def test_hr_for_the_whole_organisation_sees_every_manager(client, org, login, cycle):
    login(org.hr)
    response = client.get(DRILL_DOWN.format(manager=org.other_manager))
    assert response.status_code == 200
    assert "team van Karim Manager" in response.text
