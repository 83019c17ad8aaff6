"""POP's people as SCIM 2.0 Users (RFC 7643), through the models and validation of scim2-models.

`to_resource` turns a person into the User (with the enterprise extension) that POP serves;
`read_resource` turns a validated User into the plain `DirectoryPerson` that the sync service
applies. What POP does not keep (phone numbers, addresses, groups) is accepted and not stored.
"""

from dataclasses import dataclass
from typing import Any

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Email,
    EnterpriseUser,
    ETag,
    Filter,
    Manager,
    Meta,
    Name,
    Patch,
    ResourceType,
    ScimPolicy,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    User,
)

ScimUser = User[EnterpriseUser]
ENTERPRISE_SCHEMA = str(EnterpriseUser.__schema__)
MAX_RESULTS = 1000

# Microsoft Entra ID sends `remove` operations with a value and adds to filtered paths that do
# not exist yet; both are read the way Entra means them. Everything else is strict RFC 7644.
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.ignore,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)


def service_provider_config(documentation_uri: str | None = None) -> ServiceProviderConfig:
    return ServiceProviderConfig(
        documentation_uri=documentation_uri,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="Een token dat een beheerder van POP aanmaakt (Beheer › SCIM).",
                primary=True,
            )
        ],
    )


PROVIDER = ScimProvider(
    models=[User, EnterpriseUser],
    resource_types=[ResourceType.from_resource(ScimUser)],
    config=service_provider_config(),
    policy=POLICY,
)


@dataclass
class DirectoryPerson:
    """What a directory says about one person, in POP's terms."""

    email: str
    name: str
    active: bool
    external_id: str | None
    employee_number: str | None
    department: str | None
    manager_id: str | None


def to_resource(
    person: Any,
    *,
    base_url: str,
    external_id: str | None,
    last_modified: Any,
    department: str | None,
) -> ScimUser:
    """The SCIM User for a person; `department` is the name (or path) the directory sees."""
    location = f"{base_url}/Users/{person.id}"
    resource = ScimUser(
        id=str(person.id),
        external_id=external_id,
        user_name=person.email,
        name=Name(formatted=person.name),
        display_name=person.name,
        active=person.active,
        emails=[Email(value=person.email, type=Email.Type.work, primary=True)],
        meta=Meta(
            resource_type="User",
            created=person.created_at,
            last_modified=last_modified or person.created_at,
            location=location,
        ),
    )
    manager = None
    if person.manager is not None:
        manager = Manager(
            value=str(person.manager.id),
            ref=f"{base_url}/Users/{person.manager.id}",
            display_name=person.manager.name,
        )
    resource[EnterpriseUser] = EnterpriseUser(
        employee_number=person.employee_number, department=department, manager=manager
    )
    return resource


def read_resource(resource: ScimUser) -> DirectoryPerson:
    """The person a validated SCIM User describes; the e-mail address is the userName."""
    extension = resource[EnterpriseUser] if resource[EnterpriseUser] is not None else None
    manager = extension.manager if extension is not None else None
    return DirectoryPerson(
        email=(resource.user_name or "").strip().lower(),
        name=_name_of(resource),
        active=resource.active is not False,
        external_id=(resource.external_id or "").strip() or None,
        employee_number=(extension.employee_number or "").strip() or None if extension else None,
        department=(extension.department or "").strip() or None if extension else None,
        manager_id=(manager.value or "").strip() or None if manager is not None else None,
    )


def _name_of(resource: ScimUser) -> str:
    name = resource.name
    if name is not None:
        if name.formatted and name.formatted.strip():
            return name.formatted.strip()
        parts = [name.given_name, name.middle_name, name.family_name]
        joined = " ".join(part.strip() for part in parts if part and part.strip())
        if joined:
            return joined
    if resource.display_name and resource.display_name.strip():
        return resource.display_name.strip()
    return (resource.user_name or "").strip()


def normalise_payload(payload: Any) -> Any:
    """Entra ID sends the manager as a bare id and leaves out its `$ref`: accept both."""
    if not isinstance(payload, dict):
        return payload
    extension = payload.get(ENTERPRISE_SCHEMA)
    if isinstance(extension, dict) and "manager" in extension:
        extension["manager"] = normalise_manager(extension["manager"])
    return payload


def normalise_manager(value: Any) -> Any:
    """A manager as `{"value": id, "$ref": …}`, from a bare id or a value without `$ref`."""
    if isinstance(value, str | int):
        value = {"value": str(value)}
    if isinstance(value, dict) and value.get("value") in (None, ""):
        return None
    if isinstance(value, dict) and "$ref" not in value:
        value = {**value, "$ref": f"Users/{value['value']}"}
    return value


def normalise_patch(payload: Any) -> Any:
    """The manager in PATCH operations, in the form `normalise_manager` gives it."""
    if not isinstance(payload, dict):
        return payload
    for operation in payload.get("Operations") or []:
        if not isinstance(operation, dict):
            continue
        path = str(operation.get("path") or "")
        if path.lower() in (f"{ENTERPRISE_SCHEMA}:manager".lower(), "manager"):
            operation["value"] = normalise_manager(operation.get("value"))
            if operation["value"] is None and str(operation.get("op", "")).lower() != "remove":
                operation["op"] = "remove"
                operation.pop("value")
        elif not path and isinstance(operation.get("value"), dict):
            normalise_payload(operation["value"])
            value = operation["value"]
            for key in list(value):
                if key.lower() == f"{ENTERPRISE_SCHEMA}:manager".lower():
                    value[key] = normalise_manager(value[key])
    return payload
