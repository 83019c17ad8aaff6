"""The start page leads to the exact place: proposals open under Mijn team, not in one's own POP."""

from pop.extensions import db
from pop.models import Goal, GoalStatus
from pop.plan.current_cycle import current_cycle


def test_the_managers_proposals_link_opens_the_team_filtered_on_agreement(app, client, org, login):
    with app.app_context():
        cycle = current_cycle()
        db.session.add(
            Goal(
                employee_id=org.employee,
                cycle_id=cycle.id,
                status=GoalStatus.PROPOSED.value,
                title="Helder schrijven",
                specific="Ik schrijf de verslagen zelf.",
                measurable="Drie verslagen met feedback.",
                achievable="Het helpt het team.",
                realistic="Een uur per week.",
                starts_on=cycle.starts_on,
                deadline=cycle.ends_on,
            )
        )
        db.session.commit()
    login(org.manager)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/team/?aandacht=akkoord">Bekijk de voorstellen' in page
    team = client.get("/team/?aandacht=akkoord").get_data(as_text=True)
    assert "Sanne Medewerker" in team
    assert "Pieter Collega" not in team
