"""HR's figures leave a cycle without ratings out of every rating figure, and say so."""

from sqlalchemy import delete, select, update

from pop.extensions import db
from pop.hr.dashboard import dashboard
from pop.hr.filter import make_filter
from pop.models import Conversation, ConversationRating, Cycle
from pop.models.signed import allow_signed_changes
from pop.reports import queries as reports
from tests.hr_overview.conftest import generate

NO_JUDGEMENTS = "Deze cyclus werkt zonder oordelen: er zijn geen eindoordelen om te tonen."


def without_ratings(app, cycle_id: int) -> None:
    """The cycle as one held without ratings: no scale, no scores, no eindoordelen.

    Test data only: the generated cycle has signed conversations, rewritten here as if they had
    been held without ratings (the signed guard's own exception, as anonymisation uses it)."""
    with app.app_context():
        allow_signed_changes(db.session)
        conversations = select(Conversation.id).where(Conversation.cycle_id == cycle_id)
        db.session.execute(
            delete(ConversationRating).where(ConversationRating.conversation_id.in_(conversations))
        )
        db.session.execute(
            update(Conversation)
            .where(Conversation.cycle_id == cycle_id)
            .values(rating_scale=[], overall_rating=None, overall_motivation="")
        )
        db.session.get(Cycle, cycle_id).with_ratings = False
        db.session.commit()


def test_the_dashboard_of_a_cycle_without_ratings_has_no_judgements_and_says_so(
    app, client, login, catalogue, hr_user
):
    generate(app, catalogue, 120)
    login(hr_user)
    rated = client.get("/hr/overzicht").text
    assert 'id="chart-judgements-title"' in rated
    without_ratings(app, catalogue.cycle_id)
    with app.app_context():
        board = dashboard(make_filter(cycle_id=catalogue.cycle_id, allowed_department_ids=None))
        assert board.judgements == []
        assert not board.with_ratings
    page = client.get("/hr/overzicht").text
    assert NO_JUDGEMENTS in page
    assert 'id="chart-judgements-title"' not in page
    assert page.count('role="img"') == 5  # the other charts stay
    figures = client.get("/hr/overzicht.csv").data.decode("utf-8-sig")
    assert "deze cyclus werkt zonder oordelen" in figures


def test_the_development_report_leaves_the_cycle_out_and_names_it(
    app, client, login, catalogue, hr_user
):
    generate(app, catalogue, 120)
    without_ratings(app, catalogue.previous_cycle_id)
    with app.app_context():
        report = reports.development_report(
            make_filter(cycle_id=catalogue.cycle_id, allowed_department_ids=None)
        )
        previous = db.session.get(Cycle, catalogue.previous_cycle_id)
        assert [cycle.id for cycle in report.cycles] == [catalogue.cycle_id]
        assert [cycle.id for cycle in report.without_ratings] == [previous.id]
        name = previous.name
    login(hr_user)
    page = client.get("/hr/rapportages/competenties").text
    assert f"Niet meegeteld: de cyclus {name} werkt zonder oordelen." in page
