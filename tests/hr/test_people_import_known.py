"""What the people import loads of the people POP holds: plain rows that answer as the `User`
would, so that its checks and its audit events are the same as with ORM objects."""

from sqlalchemy import select

from pop.access_accounts import grantable_roles, may_change_account
from pop.extensions import db
from pop.models import HrScope, Role, User
from pop.people import services
from pop.people.csv_known import load_people


def test_each_person_loaded_gives_the_snapshot_and_the_answers_of_their_user(app, org, make_user):
    without_password = make_user("Zonder Wachtwoord", active=False)
    with app.app_context():
        scoped = db.session.get(User, org.hr)
        scoped.hr_organisation_wide = False
        db.session.add(HrScope(user_id=org.hr, department_id=org.department_a))
        db.session.get(User, without_password).password_hash = None
        db.session.commit()
        loaded = {person.id: person for person in load_people()}
        users = db.session.scalars(select(User)).all()
        assert sorted(loaded) == sorted(user.id for user in users)
        admin = db.session.get(User, org.admin)
        hr = db.session.get(User, org.hr)
        for user in users:
            person = loaded[user.id]
            scope = [link.department_id for link in user.hr_scope_links]
            assert services.snapshot(person, scope) == services.snapshot(user)
            assert (person.roles, person.is_hr, person.is_admin) == (
                user.roles,
                user.is_hr,
                user.is_admin,
            )
            for actor in (None, admin, hr):
                assert grantable_roles(actor, person) == grantable_roles(actor, user)
                assert may_change_account(actor, person) == may_change_account(actor, user)
        assert services.snapshot(loaded[without_password], [])["has_password"] is False
        hr_snapshot = services.snapshot(loaded[org.hr], [org.department_a])
        assert hr_snapshot["hr_scope"] == [org.department_a]
        assert loaded[org.admin].roles == {Role.ADMIN}
