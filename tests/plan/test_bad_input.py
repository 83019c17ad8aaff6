"""Input no form of ours produces gets a page with a message, never a 500."""

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import Goal, GoalStatus
from tests.plan.conftest import TODAY

TOO_BIG = str(2**63)


@pytest.mark.parametrize(
    "path",
    [
        f"/pop/doelen/{TOO_BIG}",
        f"/pop/doelen/{TOO_BIG}/bewerken",
        f"/pop/bewijs/{10**30}",
        f"/gesprekken/{TOO_BIG}",
    ],
)
def test_an_id_beyond_64_bits_in_the_path_is_404(client, login, org, path):
    login(org.employee)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code in (404, 405)


def test_a_tip_beyond_64_bits_in_the_query_string_is_read_as_absent(client, login, org, cycle_id):
    login(org.employee)
    response = client.get(f"/pop/doelen/nieuw?tip={TOO_BIG}")
    assert response.status_code == 200
    assert "Ontwikkeltip" not in response.text


def test_a_page_beyond_64_bits_is_a_page_that_does_not_exist(client, login, org):
    login(org.employee)
    assert client.get(f"/meldingen/?page={TOO_BIG}").status_code == 404


@pytest.mark.parametrize("version", ["abc", "-1", "1e9", TOO_BIG, "١"])
def test_a_tampered_version_of_a_goal_is_400_with_a_message(
    app, client, login, org, make_goal, version
):
    goal_id = make_goal(org.employee, GoalStatus.CONCEPT)
    login(org.employee)
    response = client.post(
        f"/pop/doelen/{goal_id}/bewerken",
        data={
            "version": version,
            "title": "Een nieuwe titel",
            "competency_id": "",
            "specific": "Ik schrijf elke week een kort verslag.",
            "measurable": "Mijn leidinggevende leest er drie van.",
            "achievable": "Het helpt het hele team verder.",
            "realistic": "Een uur per week is genoeg.",
            "starts_on": f"{TODAY.year}-01-01",
            "deadline": f"{TODAY.year}-12-31",
        },
    )
    assert response.status_code == 400
    assert "Het formulier is beschadigd" in response.text
    with app.app_context():
        assert db.session.get(Goal, goal_id).title != "Een nieuwe titel"
        assert db.session.scalar(select(func.count(Goal.id))) == 1
