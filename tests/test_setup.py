"""`pop setup` opens the calendar year's cycle on purpose, so that no page has to."""

from datetime import date

from flask_migrate import upgrade
from sqlalchemy import select

from pop.extensions import db
from pop.models import Cycle


def _migrated_database(app) -> None:
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()


def test_setup_opens_the_years_cycle_once_on_an_installation_with_people(app, make_user, tmp_path):
    _migrated_database(app)
    make_user("Eerste Medewerker")
    app.instance_path = str(tmp_path / "instance")
    runner = app.test_cli_runner()

    first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert f"Opened the cycle {date.today().year}." in first.output
    second = runner.invoke(args=["setup"])
    assert second.exit_code == 0, second.output
    assert "Opened the cycle" not in second.output

    with app.app_context():
        cycles = db.session.scalars(select(Cycle)).all()
        assert [(cycle.name, cycle.is_open) for cycle in cycles] == [(str(date.today().year), True)]
        assert "Loaded the demo organisation." not in first.output
