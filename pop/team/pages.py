"""The team area's blueprint, shared by its page modules (the team view, stand-ins)."""

from flask import Blueprint

from pop import access

bp = Blueprint("team", __name__, url_prefix="/team")
# Pages that name a person link to their file only when the viewer may open it.
bp.add_app_template_global(access.may_open_employee_file, "may_open_employee_file")
