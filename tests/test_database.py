"""Planner statistics: `pop setup` and `pop serve` refresh them."""

from sqlalchemy import text

from pop.database import refresh_statistics
from pop.extensions import db


def test_refresh_statistics_gives_the_planner_statistics(app, org):
    with app.app_context():
        refresh_statistics(db.engine)
        if db.engine.dialect.name == "sqlite":
            tables = db.session.execute(
                text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            ).scalar()
            assert tables == 1
        else:
            analysed = db.session.execute(
                text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'user_account'")
            ).scalar()
            assert analysed is not None
