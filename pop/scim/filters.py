"""SCIM filters (RFC 7644 §3.4.2.2) as SQL: the `eq` lookups that directories send, joined by `and`.

Entra ID and Okta look a person up with `userName eq "…"` or `externalId eq "…"` before they
create one; POP answers those, `id`, `emails`, `active` and the employee number too. Any other
filter is refused with `invalidFilter`, never evaluated over everyone in Python.
"""

from typing import Any

from flask_babel import gettext as _
from scim2_models import InvalidFilterException, ScimFilter
from scim2_models.path import AttrPath, Comparison, LogicalExpr
from sqlalchemy import and_, false, func, select
from sqlalchemy.sql.elements import ColumnElement

from pop.models import ScimRecord, User
from pop.scim.schema import ENTERPRISE_SCHEMA, ScimUser

CORE_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:user"


def filter_clause(text: str | None) -> ColumnElement[bool] | None:
    """The WHERE clause for the filter `text`, or None for no filter."""
    if not text or not text.strip():
        return None
    try:
        parsed = ScimFilter[ScimUser](text)
    except InvalidFilterException:
        raise
    except ValueError as error:
        raise InvalidFilterException(detail=str(error)) from error
    return _clause(parsed.ast)


def _clause(node: Any) -> ColumnElement[bool]:
    if isinstance(node, LogicalExpr) and node.op.value == "and":
        return and_(*(_clause(term) for term in node.terms))
    if isinstance(node, Comparison) and node.op.value == "eq":
        return _equals(node.attr_path, node.value)
    raise InvalidFilterException(
        detail=_(
            "POP ondersteunt alleen filters met ‘eq’, eventueel verbonden met ‘and’, zoals "
            'userName eq "naam@voorbeeld.nl".'
        )
    )


def _equals(path: AttrPath, value: Any) -> ColumnElement[bool]:
    uri = (path.uri or "").lower()
    attribute = path.attr.lower()
    sub = (path.sub_attr or "").lower()
    if uri == ENTERPRISE_SCHEMA.lower() and attribute == "employeenumber" and not sub:
        return User.employee_number == str(value)
    if uri in ("", CORE_USER_SCHEMA):
        is_email = attribute == "emails" and sub in ("", "value")
        if (attribute == "username" and not sub) or is_email:
            return func.lower(User.email) == str(value).strip().lower()
        if attribute == "externalid" and not sub:
            return User.id.in_(
                select(ScimRecord.user_id).where(ScimRecord.external_id == str(value))
            )
        if attribute == "id" and not sub:
            text = str(value)
            return User.id == int(text) if text.isdigit() else false()
        if attribute == "active" and not sub and isinstance(value, bool):
            return User.active.is_(value)
    raise InvalidFilterException(
        detail=_(
            "POP kan niet filteren op ‘%(attribute)s’; wel op userName, externalId, id, "
            "emails, active en employeeNumber.",
            attribute=str(path),
        )
    )
