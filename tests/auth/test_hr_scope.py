"""Organisation-wide HR is an explicit grant: no departments alone opens nothing."""

from flask_migrate import upgrade
from sqlalchemy import select, text

from pop import access
from pop.extensions import db
from pop.models import HrScope, Role, User


def test_hr_without_departments_or_grant_sees_only_itself(app, org, make_user):
    unscoped = make_user("Nieuwe HR", roles={Role.HR}, hr_organisation_wide=False)
    with app.test_request_context():
        viewer = db.session.get(User, unscoped)
        assert access.hr_department_ids(viewer) == set()
        assert list(
            db.session.scalars(access.visible_people(viewer).with_only_columns(User.id))
        ) == [unscoped]


def test_the_grant_opens_the_organisation_and_departments_narrow_it(app, org, make_user):
    wide = make_user("Brede HR", roles={Role.HR}, hr_organisation_wide=True)
    with app.test_request_context():
        assert access.hr_department_ids(db.session.get(User, wide)) is None
    with app.app_context():
        db.session.add(HrScope(user_id=wide, department_id=org.department_a))
        db.session.commit()
    with app.test_request_context():
        assert access.hr_department_ids(db.session.get(User, wide)) == {org.department_a}


def test_the_migration_gives_todays_unscoped_hr_the_grant(app):
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision="2a976bdd184a")
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO department (id, name) VALUES (1, 'Gemeente')"))
            for user_id, name in ((1, "hr"), (2, "scoped"), (3, "employee"), (4, "admin")):
                connection.execute(
                    text(
                        "INSERT INTO user_account (id, name, email, created_at) "
                        "VALUES (:id, :name, :email, CURRENT_TIMESTAMP)"
                    ),
                    {"id": user_id, "name": name, "email": f"{name}@pop.example"},
                )
            roles = ((1, "hr"), (2, "hr"), (3, "employee"), (4, "admin"))
            for user_id, role in roles:
                connection.execute(
                    text("INSERT INTO user_role (user_id, role) VALUES (:id, :role)"),
                    {"id": user_id, "role": role},
                )
            connection.execute(text("INSERT INTO hr_scope (user_id, department_id) VALUES (2, 1)"))
        upgrade()
        wide = db.session.scalars(
            select(User.name).where(User.hr_organisation_wide.is_(True))
        ).all()
        assert wide == ["hr"]
