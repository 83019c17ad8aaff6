"""The audit log page and its export."""

from flask import (
    Blueprint,
    render_template,
    request,
)
from flask_login import current_user

from pop import exports
from pop.access import (
    hr_department_ids,
    hr_required,
)
from pop.audit_log import queries as audit_log
from pop.audit_log.forms import AuditFilterForm
from pop.extensions import db
from pop.hr.request_filters import EXPORT, language, list_args

bp = Blueprint("audit_log", __name__, url_prefix="/hr")


# --- audit log ---------------------------------------------------------------------------------


def _audit_filter() -> tuple[AuditFilterForm, audit_log.AuditFilter]:
    form = AuditFilterForm(request.args)
    if not form.validate():
        for field in form:
            if field.errors and field.name != "date_to":
                field.data, field.errors = None, []
        if form.date_to.errors:
            form.date_to.data = None
    return form, audit_log.AuditFilter(
        person=(form.person.data or "").strip() or None,
        object_type=form.object_type.data,
        object_id=form.object_id.data,
        action=form.action.data,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )


@bp.get("/auditlog")
@hr_required
def index():
    form, audit_filter = _audit_filter()
    page = db.paginate(
        audit_log.events_query(audit_filter, hr_department_ids(current_user)),
        page=request.args.get("page", 1, type=int),
        per_page=audit_log.PER_PAGE,
        error_out=False,
    )
    return render_template(
        "audit_log/audit_log.html",
        form=form,
        page=page,
        args=list_args(),
        summary_of=audit_log.summary_of,
        changes_of=audit_log.changes_of,
        filtered=any(value is not None for value in vars(audit_filter).values()),
    )


@bp.get(f"/auditlog.{EXPORT}")
@hr_required
def export(fmt: str):
    _form, audit_filter = _audit_filter()
    system = "system" if language() == "en" else "systeem"
    table = audit_log.audit_table(
        audit_filter, hr_department_ids(current_user), "pop-auditlog", system
    )
    return exports.response(table, fmt)
