"""Scopes of `pop.access` that no single page shows: HR departments, the employee-file rule."""

from pop import access
from pop.extensions import db
from pop.models import HrScope, Role, User


def _user(user_id: int) -> User:
    return db.session.get(User, user_id)


def test_hr_department_ids_of_someone_who_is_not_hr_is_empty(app, org):
    with app.app_context():
        assert access.hr_department_ids(_user(org.employee)) == set()
        assert access.hr_department_ids(_user(org.manager)) == set()


def test_hr_department_ids_of_scoped_hr_is_their_subtree(app, org, make_user, make_department):
    team = make_department("Team Balie", org.department_a)
    scoped = make_user("Scoped HR", roles={Role.HR})
    with app.app_context():
        db.session.add(HrScope(user_id=scoped, department_id=org.department_a))
        db.session.commit()
        assert access.hr_department_ids(_user(scoped)) == {org.department_a, team}


def test_hr_department_ids_of_hr_without_scope_and_of_admin_is_everything(app, org):
    with app.app_context():
        assert access.hr_department_ids(_user(org.hr)) is None
        assert access.hr_department_ids(_user(org.admin)) is None


def test_hr_scope_is_computed_once_per_request(app, org, make_user, count_queries):
    scoped = make_user("Scoped HR", roles={Role.HR})
    with app.app_context():
        db.session.add(HrScope(user_id=scoped, department_id=org.department_a))
        db.session.commit()
    with app.test_request_context():
        viewer = _user(scoped)
        first = access.hr_department_ids(viewer)
        with count_queries() as statements:
            again = access.hr_department_ids(viewer)
        assert again == first == {org.department_a}
        assert statements == []


def test_only_their_manager_and_hr_in_scope_may_open_an_employee_file(app, org, make_user):
    scoped = make_user("Scoped HR", roles={Role.HR})
    with app.app_context():
        db.session.add(HrScope(user_id=scoped, department_id=org.department_b))
        db.session.commit()
        employee = _user(org.employee)  # in department A, managed by org.manager
        assert access.may_open_employee_file(_user(org.manager), employee)
        assert access.may_open_employee_file(_user(org.hr), employee)
        assert not access.may_open_employee_file(_user(scoped), employee)
        assert not access.may_open_employee_file(_user(org.other_manager), employee)
        assert not access.may_open_employee_file(employee, employee)
        assert not access.may_open_employee_file(_user(org.colleague), employee)
