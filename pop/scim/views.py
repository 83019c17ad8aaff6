"""The routes of the SCIM 2.0 endpoints at /scim/v2 (RFC 7644), without their weight.

What each endpoint does is in `pop.scim.endpoints`, which needs scim2-models and pydantic (some
27 MB in every worker). It is imported by the first SCIM request, not when the app is created.
"""

from collections.abc import Callable
from importlib import import_module

from flask import Blueprint

from pop.extensions import csrf

bp = Blueprint("scim", __name__, url_prefix="/scim/v2")
csrf.exempt(bp)  # machines with a bearer token, not browsers with a session cookie

ENDPOINTS = "pop.scim.endpoints"
ROUTES = (  # (rule, endpoint and function name, methods), in the order Flask matches them
    ("/Users", "list_users", ["GET"]),
    ("/Users", "create_user", ["POST"]),
    ("/Users/<resource_id>", "get_user", ["GET"]),
    ("/Users/<resource_id>", "replace_user", ["PUT"]),
    ("/Users/<resource_id>", "patch_user", ["PATCH"]),
    ("/Users/<resource_id>", "delete_user", ["DELETE"]),
    ("/ServiceProviderConfig", "service_provider_config", ["GET"]),
    ("/Schemas", "list_schemas", ["GET"]),
    ("/Schemas/<path:schema_id>", "get_schema", ["GET"]),
    ("/ResourceTypes", "list_resource_types", ["GET"]),
    ("/ResourceTypes/<resource_type_id>", "get_resource_type", ["GET"]),
    ("/<path:unknown>", "unknown_endpoint", ["GET", "POST", "PUT", "PATCH", "DELETE"]),
)


def _deferred(name: str) -> Callable:
    """A view that imports `pop.scim.endpoints` when first called and runs its `name`."""

    def view(**kwargs):
        return getattr(import_module(ENDPOINTS), name)(**kwargs)

    view.__name__ = view.__qualname__ = name
    return view


for _rule, _name, _methods in ROUTES:
    bp.add_url_rule(_rule, _name, _deferred(_name), methods=_methods)
