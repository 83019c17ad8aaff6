"""What the SCIM 2.0 endpoints at /scim/v2 do (RFC 7644): Users, and the three discovery endpoints.

`pop.scim.views` routes to these functions and imports this module (with scim2-models and
pydantic) on the first SCIM request, so a worker that serves only pages never loads them.

Every request carries a bearer token an administrator made; what it changes is audited as made
by that token. Every answer is `application/scim+json`, errors as SCIM Error documents.
"""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, request, url_for
from flask_babel import gettext as _
from pydantic import ValidationError
from scim2_models import (
    Context,
    Error,
    InvalidSyntaxException,
    InvalidValueException,
    ListResponse,
    Meta,
    NotFoundException,
    PatchOp,
    ResourceType,
    ResponseParameters,
    Schema,
    SCIMException,
    UnauthorizedException,
)
from sqlalchemy import func, select

from pop import audit
from pop.extensions import db
from pop.models import Department, User
from pop.people.services import department_paths
from pop.scim import people_sync, tokens
from pop.scim.filters import filter_clause
from pop.scim.schema import (
    MAX_RESULTS,
    PROVIDER,
    ScimUser,
    normalise_patch,
    normalise_payload,
    read_resource,
    to_resource,
)

SCIM_JSON = "application/scim+json"
DEFAULT_COUNT = 100


def _respond(body: dict[str, Any], status: int = 200, headers: dict | None = None):
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype=SCIM_JSON
    )
    response.headers.update(headers or {})
    response.headers["Cache-Control"] = "no-store"
    return response


def _error(exception: SCIMException, headers: dict | None = None):
    error = exception.to_error()
    return _respond(error.model_dump(), status=int(error.status or 400), headers=headers)


def _validation_error(exception: ValidationError):
    errors = Error.from_validation_errors(exception)
    error = errors[0] if errors else Error(status=400, scim_type="invalidSyntax")
    return _respond(error.model_dump(), status=int(error.status or 400))


def _bearer_secret() -> str | None:
    scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else None


def scim_endpoint(view: Callable) -> Callable:
    """Authenticate the token, run the view as that token, turn every refusal into SCIM."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        token = tokens.token_for_secret(_bearer_secret())
        if token is None:
            return _error(
                UnauthorizedException(
                    detail=_("Geen geldig SCIM-token. Vraag een beheerder van POP om een token.")
                ),
                headers={"WWW-Authenticate": 'Bearer realm="POP SCIM"'},
            )
        try:
            with PROVIDER, audit.acting_as_token(token.id):
                return view(*args, **kwargs)
        except SCIMException as exception:
            db.session.rollback()
            return _error(exception)
        except ValidationError as exception:
            db.session.rollback()
            return _validation_error(exception)
        except Exception:  # a defect in POP: still answer the directory in SCIM
            db.session.rollback()
            current_app.logger.exception("SCIM request failed")
            return _respond(Error(status=500, detail=_("Interne fout in POP.")).model_dump(), 500)

    return wrapped


def _payload() -> dict[str, Any]:
    try:
        payload = json.loads(request.get_data(cache=False) or b"")
    except ValueError as error:
        raise InvalidSyntaxException(
            detail=_("De inhoud is geen geldige JSON: %(error)s", error=str(error))
        ) from error
    if not isinstance(payload, dict):
        raise InvalidSyntaxException(detail=_("De inhoud moet een JSON-object zijn."))
    return payload


def _base_url() -> str:
    return url_for("scim.list_users", _external=True).removesuffix("/Users")


class _Presenter:
    """Turns people into SCIM Users with what one request needs loaded once."""

    def __init__(self, people: list[User]) -> None:
        self.base_url = _base_url()
        self.records = people_sync.records_of([person.id for person in people])
        self.paths = department_paths() if any(p.department_id for p in people) else {}
        counts = dict(
            db.session.execute(
                select(func.lower(Department.name), func.count()).group_by(
                    func.lower(Department.name)
                )
            ).all()
        )
        self.name_counts = counts

    def department(self, person: User) -> str | None:
        if person.department is None:
            return None
        name = person.department.name
        unique = self.name_counts.get(name.lower(), 0) <= 1
        return name if unique else self.paths.get(person.department_id, name)

    def resource(self, person: User) -> ScimUser:
        record = self.records.get(person.id)
        return to_resource(
            person,
            base_url=self.base_url,
            external_id=record.external_id if record else None,
            last_modified=record.updated_at if record else None,
            department=self.department(person),
        )


def _response_parameters() -> ResponseParameters:
    return ResponseParameters[ScimUser].model_validate(
        {
            "attributes": request.args.get("attributes"),
            "excludedAttributes": request.args.get("excludedAttributes"),
        }
    )


def _user_response(person: User, context: Context, status: int = 200, headers=None):
    resource = _Presenter([person]).resource(person)
    body = resource.model_dump(scim_ctx=context, response_parameters=_response_parameters())
    return _respond(body, status=status, headers=headers)


def _positive_int(name: str, default: int) -> int:
    value = request.args.get(name, "").strip()
    if not value:
        return default
    try:
        return max(int(value), 0)
    except ValueError as error:
        raise InvalidValueException(
            detail=_("%(name)s moet een geheel getal zijn.", name=name)
        ) from error


@scim_endpoint
def list_users():
    where = filter_clause(request.args.get("filter"))
    start_index = max(_positive_int("startIndex", 1), 1)
    count = min(_positive_int("count", DEFAULT_COUNT), MAX_RESULTS)
    query = people_sync.directory_people()
    if where is not None:
        query = query.where(where)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    people = (
        list(
            db.session.scalars(query.order_by(User.id).offset(start_index - 1).limit(count))
            .unique()
            .all()
        )
        if count
        else []
    )
    presenter = _Presenter(people)
    listing = ListResponse[ScimUser](
        total_results=total,
        start_index=start_index,
        items_per_page=len(people),
        resources=[presenter.resource(person) for person in people] or None,
    )
    return _respond(
        listing.model_dump(
            scim_ctx=Context.SEARCH_RESPONSE, response_parameters=_response_parameters()
        )
    )


@scim_endpoint
def create_user():
    resource = ScimUser.model_validate(
        normalise_payload(_payload()), scim_ctx=Context.RESOURCE_CREATION_REQUEST
    )
    person = people_sync.create_person(read_resource(resource))
    db.session.commit()
    location = url_for("scim.get_user", resource_id=person.id, _external=True)
    return _user_response(
        person, Context.RESOURCE_CREATION_RESPONSE, status=201, headers={"Location": location}
    )


@scim_endpoint
def get_user(resource_id: str):
    person = people_sync.get_person(resource_id)
    return _user_response(person, Context.RESOURCE_QUERY_RESPONSE)


@scim_endpoint
def replace_user(resource_id: str):
    person = people_sync.get_person(resource_id)
    resource = ScimUser.model_validate(
        normalise_payload(_payload()), scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST
    )
    people_sync.replace_person(person, read_resource(resource))
    db.session.commit()
    return _user_response(person, Context.RESOURCE_REPLACEMENT_RESPONSE)


@scim_endpoint
def patch_user(resource_id: str):
    person = people_sync.get_person(resource_id)
    patch = PatchOp[ScimUser].model_validate(
        normalise_patch(_payload()), scim_ctx=Context.RESOURCE_PATCH_REQUEST
    )
    resource = _Presenter([person]).resource(person)
    if patch.patch(resource):
        people_sync.replace_person(person, read_resource(resource))
        db.session.commit()
    return _user_response(person, Context.RESOURCE_PATCH_RESPONSE)


@scim_endpoint
def delete_user(resource_id: str):
    """Deactivates: POP keeps a leaver's goals and reports, and never deletes a person."""
    person = people_sync.get_person(resource_id)
    people_sync.deactivate_person(person)
    db.session.commit()
    return current_app.response_class(status=204)


@scim_endpoint
def service_provider_config():
    config = PROVIDER.config.model_copy(
        update={"meta": Meta(resource_type="ServiceProviderConfig", location=request.base_url)}
    )
    return _respond(config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


def _listing(model: type, resources: list) -> dict[str, Any]:
    listing = ListResponse[model](
        total_results=len(resources),
        start_index=1,
        items_per_page=len(resources),
        resources=resources,
    )
    return listing.model_dump(scim_ctx=Context.SEARCH_RESPONSE)


@scim_endpoint
def list_schemas():
    return _respond(_listing(Schema, list(PROVIDER.schemas)))


@scim_endpoint
def get_schema(schema_id: str):
    for schema in PROVIDER.schemas:
        if str(schema.id).lower() == schema_id.lower():
            return _respond(schema.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
    raise NotFoundException(detail=_("Onbekend schema %(id)s.", id=schema_id))


@scim_endpoint
def list_resource_types():
    return _respond(_listing(ResourceType, list(PROVIDER.resource_types)))


@scim_endpoint
def get_resource_type(resource_type_id: str):
    for resource_type in PROVIDER.resource_types:
        if str(resource_type.id).lower() == resource_type_id.lower():
            return _respond(resource_type.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
    raise NotFoundException(detail=_("Onbekend resourcetype %(id)s.", id=resource_type_id))


@scim_endpoint
def unknown_endpoint(unknown: str):
    raise NotFoundException(detail=_("POP kent het SCIM-eindpunt /%(path)s niet.", path=unknown))
