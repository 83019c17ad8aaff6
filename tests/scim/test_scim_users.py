"""Provisioning over SCIM 2.0 as a directory does it, through scim2-client on a live POP."""

from datetime import date

from scim2_models import (
    Email,
    EnterpriseUser,
    ListResponse,
    Manager,
    Name,
    PatchOp,
    PatchOperation,
    ResourceType,
    SearchRequest,
    User,
)
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import AuditEvent, Department, Goal, GoalStatus, Role, ScimToken
from pop.models import User as Person
from pop.plan.current_cycle import current_cycle
from tests.conftest import email_of

ScimUser = User[EnterpriseUser]


def new_user(
    email: str,
    *,
    manager_id: int | None = None,
    department: str | None = None,
    employee_number: str | None = "7001",
    external_id: str | None = "entra-7001",
):
    user = ScimUser(
        user_name=email,
        name=Name(given_name="Noor", family_name="El Amrani"),
        emails=[Email(value=email, type=Email.Type.work, primary=True)],
        external_id=external_id,
        active=True,
    )
    user[EnterpriseUser] = EnterpriseUser(
        employee_number=employee_number,
        department=department,
        manager=Manager(value=str(manager_id), ref=f"Users/{manager_id}") if manager_id else None,
    )
    return user


def person(app, person_id) -> Person:
    with app.app_context():
        found = db.session.get(Person, int(person_id))
        db.session.expunge_all()
        return found


def test_discovery_describes_users_with_the_enterprise_extension(scim):
    (user_type,) = scim.provider.resource_types
    assert user_type.endpoint == "/Users"
    assert [str(ext.schema_) for ext in user_type.schema_extensions] == [
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    ]
    config = scim.provider.config
    assert config.patch.supported
    assert config.filter.supported
    assert not config.bulk.supported


def test_directory_creates_reads_finds_replaces_patches_and_deactivates(app, scim, org):
    created = scim.create(
        new_user("noor.elamrani@gemeente.nl", manager_id=org.manager, department="Dienstverlening")
    )
    assert created.id
    assert created.user_name == "noor.elamrani@gemeente.nl"
    assert created[EnterpriseUser].manager.value == str(org.manager)
    stored = person(app, created.id)
    assert stored.name == "Noor El Amrani"
    assert stored.employee_number == "7001"
    assert stored.department_id == org.department_a
    assert stored.manager_id == org.manager
    assert stored.roles == {Role.EMPLOYEE}
    assert stored.password_hash is None

    read = scim.query(ScimUser, created.id)
    assert read.external_id == "entra-7001"
    assert read.active is True

    for expression in ('userName eq "NOOR.elamrani@gemeente.nl"', 'externalId eq "entra-7001"'):
        found = scim.query(ScimUser, query_parameters=SearchRequest(filter=expression))
        assert isinstance(found, ListResponse)
        assert found.total_results == 1, expression
        assert found.resources[0].id == created.id
    nobody = scim.query(ScimUser, query_parameters=SearchRequest(filter='userName eq "x@y.nl"'))
    assert nobody.total_results == 0

    replacement = new_user(
        "noor.elamrani@gemeente.nl", manager_id=org.other_manager, department="Sociaal Domein"
    )
    replacement.id = created.id
    replacement.name = Name(formatted="Noor El Amrani-de Wit")
    replaced = scim.replace(replacement)
    assert replaced.display_name == "Noor El Amrani-de Wit"
    stored = person(app, created.id)
    assert (stored.department_id, stored.manager_id) == (org.department_b, org.other_manager)

    leave = PatchOp[ScimUser](
        operations=[
            PatchOperation[ScimUser](op=PatchOperation.Op.replace_, path="active", value=False)
        ]
    )
    patched = scim.modify(ScimUser, created.id, leave)
    assert patched.active is False
    stored = person(app, created.id)
    assert stored.active is False
    assert stored.deactivated_at is not None

    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_id == int(created.id), AuditEvent.object_type == "User")
            .order_by(AuditEvent.id)
        ).all()
        token_id = db.session.scalar(select(ScimToken.id))
        assert [event.action for event in events] == [
            "person_created",
            "person_updated",
            "manager_handed_over",  # the replacement named another manager
            "person_deactivated",
        ]
        assert {(event.actor_id, event.actor_token_id) for event in events} == {(None, token_id)}


def test_someone_the_directory_names_as_manager_sees_their_team(app, scim, org, client, login):
    scim.create(new_user("nieuw@gemeente.nl", manager_id=org.colleague))
    colleague = person(app, org.colleague)
    assert colleague.roles == {Role.EMPLOYEE, Role.MANAGER}
    with app.app_context():
        current_cycle()  # the team page needs the year's cycle, which HR opens
        db.session.commit()
    login(org.colleague)
    assert "Noor El Amrani" in client.get("/team/").text


def test_unknown_department_is_made_at_the_top_and_ambiguous_one_refused(
    app, scim, org, make_department
):
    created = scim.create(new_user("a@gemeente.nl", department="Wijkteams Noord"))
    with app.app_context():
        department = db.session.get(Department, person(app, created.id).department_id)
        assert (department.name, department.parent_id) == ("Wijkteams Noord", None)
    make_department("Dienstverlening", org.department_b)  # now the name is not unique
    error = scim.create(
        new_user(
            "b@gemeente.nl",
            department="Dienstverlening",
            employee_number="7002",
            external_id="entra-7002",
        ),
        raise_scim_errors=False,
    )
    assert error.status == 400
    assert "Gemeente › " in error.detail
    by_path = scim.create(
        new_user(
            "b@gemeente.nl",
            department="Gemeente › Sociaal Domein › Dienstverlening",
            employee_number="7002",
            external_id="entra-7002",
        )
    )
    assert by_path[EnterpriseUser].department == "Gemeente › Sociaal Domein › Dienstverlening"


def test_scim_never_grants_hr_or_admin(app, scim, http, org):
    created = scim.create(new_user("c@gemeente.nl"))
    payload = new_user("c@gemeente.nl").model_dump()
    payload["roles"] = [{"value": "admin"}, {"value": "hr"}]
    assert (
        http.post(
            "/Users",
            json={
                **payload,
                "userName": "d@gemeente.nl",
                "externalId": "x-d",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {},
            },
        ).status_code
        == 201
    )
    assert http.put(f"/Users/{created.id}", json=payload).status_code == 200
    with app.app_context():
        roles = {p.email: p.roles for p in db.session.scalars(select(Person))}
    assert roles["c@gemeente.nl"] == {Role.EMPLOYEE}
    assert roles["d@gemeente.nl"] == {Role.EMPLOYEE}
    admin_before = person(app, org.admin).roles
    response = http.put(
        f"/Users/{org.admin}",
        json={
            **payload,
            "userName": email_of(app, org.admin),
            "externalId": "x-admin",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {},
        },
    )
    assert response.status_code == 200
    assert person(app, org.admin).roles == admin_before


def test_delete_deactivates_and_keeps_goals(app, scim, org):
    with app.app_context():
        goal = Goal(
            employee_id=org.employee,
            cycle_id=current_cycle().id,
            title="Schrijven",
            starts_on=date(2026, 1, 1),
            deadline=date(2026, 12, 31),
            status=GoalStatus.IN_PROGRESS,  # "bezig": the schema refuses other values
        )
        db.session.add(goal)
        db.session.commit()
        people_before = db.session.scalar(select(func.count(Person.id)))
    assert scim.delete(ScimUser, str(org.employee)) is None
    with app.app_context():
        assert db.session.scalar(select(func.count(Person.id))) == people_before
        assert db.session.get(Person, org.employee).active is False
        assert db.session.scalar(select(func.count(Goal.id))) == 1
    assert scim.query(ScimUser, str(org.employee)).active is False


def test_entra_style_patch_with_capitals_strings_and_bare_manager(app, http, org):
    body = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "Replace", "path": "active", "value": "False"},
            {
                "op": "Add",
                "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                "value": str(org.other_manager),
            },
            {
                "op": "Replace",
                "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                "value": "Sociaal Domein",
            },
        ],
    }
    response = http.patch(f"/Users/{org.employee}", json=body)
    assert response.status_code == 200, response.text
    stored = person(app, org.employee)
    assert (stored.active, stored.manager_id, stored.department_id) == (
        False,
        org.other_manager,
        org.department_b,
    )


def test_paging_with_start_index_and_count(app, scim, org):
    everyone = scim.query(ScimUser)
    assert everyone.total_results == 7
    page = scim.query(ScimUser, query_parameters=SearchRequest(start_index=3, count=2))
    assert (page.total_results, page.start_index, page.items_per_page) == (7, 3, 2)
    assert [int(user.id) for user in page.resources] == sorted(
        int(user.id) for user in everyone.resources
    )[2:4]


def test_an_address_already_in_use_is_a_uniqueness_conflict(app, scim, org):
    error = scim.create(new_user(email_of(app, org.employee)), raise_scim_errors=False)
    assert (error.status, error.scim_type) == (409, "uniqueness")


def test_list_of_fifty_takes_as_many_queries_as_list_of_two(
    app, http, org, make_user, count_queries
):
    def queries() -> int:
        with count_queries() as statements:
            assert http.get("/Users").status_code == 200
        return len(statements)

    queries()  # the department list is read once, then cached
    few = queries()
    for number in range(48):
        make_user(f"Extra {number}", manager_id=org.manager, department_id=org.department_a)
    assert queries() == few


def test_resource_types_and_schemas_answer_by_id(http):
    assert http.get("/ResourceTypes/User").json()["endpoint"] == "/Users"
    schema = http.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").json()
    assert schema["name"] == "User"
    missing = http.get("/Schemas/urn:nope")
    assert missing.status_code == 404
    assert missing.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_resource_type_model_round_trips(scim):
    assert isinstance(scim.provider.resource_types[0], ResourceType)
