"""A generated SQLite organisation copied into PostgreSQL holds the same rows, value for value."""

import json

import pytest
from sqlalchemy import create_engine, select, text

from benchmarks.copy_to_postgresql import CopyError, copy_organisation
from benchmarks.generate import generate, schema_fingerprint
from pop.extensions import db
from tests.conftest import POSTGRES_URL, make_app

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="runs in the PostgreSQL pass")


@pytest.fixture
def sqlite_organisation(tmp_path):
    """A small generated organisation in a SQLite file, with the .json `make bench` writes."""
    path = tmp_path / "bench-60.sqlite"
    source = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with source.app_context():
        generate(60, seed=3, functions=12, competencies=10)
        meta = {"employees": 60, "schema": schema_fingerprint()}
        db.session.remove()
        db.engine.dispose()
    path.with_suffix(".json").write_text(json.dumps(meta))
    return path


def _rows(engine, table) -> list[tuple]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(select(table).order_by(*table.primary_key.columns))
        ]


def test_every_table_holds_the_same_values_in_postgresql(app, sqlite_organisation):
    with app.app_context():
        report = copy_organisation(sqlite_organisation, lambda line: None)
        target = db.engine
        source = create_engine(f"sqlite:///{sqlite_organisation}")
        for table in db.metadata.sorted_tables:
            # Booleans, dates, datetimes, JSON and NULLs read back as the same Python values.
            assert _rows(target, table) == _rows(source, table), table.name
        source.dispose()
    assert report["rows"]["goal"] == 5 * 60
    assert report["rows"]["check_in"] > 0


def test_the_id_sequences_continue_after_the_copied_ids(app, sqlite_organisation):
    with app.app_context():
        copy_organisation(sqlite_organisation, lambda line: None)
        largest = db.session.scalar(text("SELECT max(id) FROM goal"))
        following = db.session.scalar(text("SELECT nextval(pg_get_serial_sequence('goal', 'id'))"))
    assert following == largest + 1


def test_a_database_with_people_is_not_copied_into(app, sqlite_organisation):
    with app.app_context():
        copy_organisation(sqlite_organisation, lambda line: None)
        with pytest.raises(CopyError, match="already holds people"):
            copy_organisation(sqlite_organisation, lambda line: None)


def test_an_organisation_of_another_schema_is_refused(app, sqlite_organisation):
    meta_file = sqlite_organisation.with_suffix(".json")
    meta_file.write_text(json.dumps({"employees": 60, "schema": "0000000000000000"}))
    with app.app_context(), pytest.raises(CopyError, match="schema"):
        copy_organisation(sqlite_organisation, lambda line: None)
