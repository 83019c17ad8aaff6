"""The department tree's paths are read once per process and cached until a department changes.

The cache is keyed on a version stamp in the database, so a change made through another
session (another node, or a bulk statement) is seen at once.
"""

from sqlalchemy import create_engine, text, update

from pop.extensions import db
from pop.models import Department
from pop.people.services import department_paths, department_tree


def _make_tree(app) -> dict[str, int]:
    with app.app_context():
        root = Department(name="Gemeente")
        social = Department(name="Sociaal Domein", parent=root)
        space = Department(name="Ruimte", parent=root)
        db.session.add_all([root, social, space])
        db.session.commit()
        return {"root": root.id, "social": social.id, "space": space.id}


def test_a_cache_hit_reads_only_the_version_stamp(app, count_queries):
    ids = _make_tree(app)
    with app.app_context():
        assert department_paths()[ids["social"]] == "Gemeente › Sociaal Domein"
        with count_queries() as statements:
            paths, order = department_tree()
    assert paths[ids["space"]] == "Gemeente › Ruimte"
    assert order == [ids["root"], ids["space"], ids["social"]]
    assert len(statements) == 1
    assert statements[0].split("FROM")[1].split("WHERE")[0].strip() == "version_stamp"


def test_a_renamed_or_moved_department_is_seen_at_once(app):
    ids = _make_tree(app)
    with app.app_context():
        department_paths()
        department = db.session.get(Department, ids["space"])
        department.name = "Aardrijkskunde"
        department.parent_id = ids["social"]
        db.session.commit()
        assert department_paths()[ids["space"]] == "Gemeente › Sociaal Domein › Aardrijkskunde"


def test_a_bulk_statement_changes_the_version_too(app):
    ids = _make_tree(app)
    with app.app_context():
        department_paths()
        db.session.execute(
            update(Department).where(Department.id == ids["social"]).values(name="Zorg")
        )
        db.session.commit()
        assert department_paths()[ids["social"]] == "Gemeente › Zorg"


def test_another_node_sees_a_change_made_elsewhere(app):
    """A second engine (as another node would have) changes the tree and bumps the stamp."""
    ids = _make_tree(app)
    with app.app_context():
        department_paths()
        url = db.engine.url
    other = create_engine(url)
    from sqlalchemy.orm import Session

    with Session(other) as session:
        session.get(Department, ids["root"]).name = "Provincie"
        session.commit()
    other.dispose()
    with app.app_context():
        assert department_paths()[ids["social"]] == "Provincie › Sociaal Domein"
        assert db.session.execute(text("SELECT count(*) FROM version_stamp")).scalar() == 1
