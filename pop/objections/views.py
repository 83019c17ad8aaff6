"""Objection pages: lodge one against a signed beoordeling, the list, one objection, HR's decision.

The conversation page and HR's dashboard show objections through template globals, so that
neither the conversations nor the HR overview import this package.
"""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from pop import access, access_objections, files
from pop.concurrency import WriteConflict
from pop.extensions import db
from pop.forms import EmptyForm
from pop.models import ObjectionOutcome, ObjectionStatus
from pop.objections import queries, services
from pop.objections.forms import DecideObjectionForm, LodgeObjectionForm
from pop.plan import evidence
from pop.plan.services import PlanError
from pop.refusal import Refused
from pop.transactions import commit_or_show

bp = Blueprint("objections", __name__, url_prefix="/bezwaren")

bp.add_app_template_global(queries.objection_of, "objection_of")
bp.add_app_template_global(services.last_day_to_object, "last_day_to_object")
bp.add_app_template_global(services.may_still_object, "may_still_object")
bp.add_app_template_global(queries.counts_by_department, "objection_counts_by_department")

_STATUS_LABELS = {
    ObjectionStatus.LODGED: _l("ingediend"),
    ObjectionStatus.IN_PROGRESS: _l("in behandeling"),
    ObjectionStatus.DECIDED: _l("afgehandeld"),
}
_OUTCOME_LABELS = {
    ObjectionOutcome.UPHELD: _l("gehandhaafd"),
    ObjectionOutcome.AMENDED: _l("aangepast"),
}


@bp.app_template_filter("objection_status")
def objection_status_label(status: str) -> str:
    return str(_STATUS_LABELS[ObjectionStatus(status)])


@bp.app_template_filter("objection_outcome")
def objection_outcome_label(outcome: str | None) -> str:
    return str(_OUTCOME_LABELS[ObjectionOutcome(outcome)]) if outcome else ""


@bp.get("/")
@login_required
def index():
    return render_template("objections/index.html", objections=queries.objections_for(current_user))


@bp.route("/gesprek/<int:conversation_id>", methods=["GET", "POST"])
@login_required
def lodge(conversation_id: int):
    conversation = access.get_own_conversation_or_404(current_user, conversation_id)
    existing = queries.objection_of(conversation)
    if existing is not None:
        return redirect(url_for("objections.objection", objection_id=existing.id))
    form = LodgeObjectionForm()
    if form.validate_on_submit():
        stored: list[evidence.StoredEvidence] = []
        try:
            # Checked before the files are stored: an objection out of time stores nothing.
            services.check_lodging(conversation, current_user)
            stored = [evidence.store_upload(upload) for upload in form.uploads()]
            done = commit_or_show(
                lambda: services.lodge(conversation, form.body.data or "", current_user, stored)
            )
        except (PlanError, Refused) as refusal:
            form.attachments.errors = [str(refusal)]
            done = None
        except WriteConflict:
            done = None
            form.body.errors = [_("Er is intussen al bezwaar gemaakt; open het gesprek opnieuw.")]
        if done:
            return redirect(url_for("objections.objection", objection_id=done.result.id))
        evidence.discard_names([item.stored_name for item in stored])
        db.session.commit()
    status = 422 if form.is_submitted() else 200
    return (
        render_template(
            "objections/lodge.html",
            form=form,
            conversation=conversation,
            last_day=services.last_day_to_object(conversation),
            may_object=services.may_still_object(conversation),
        ),
        status,
    )


def _page(objection, decide_form=None, status: int = 200):
    return (
        render_template(
            "objections/objection.html",
            objection=objection,
            may_decide=access_objections.may_decide_objection(current_user, objection.conversation),
            decide_form=decide_form or DecideObjectionForm(),
            empty_form=EmptyForm(),
            outcomes=ObjectionOutcome,
        ),
        status,
    )


@bp.get("/<int:objection_id>")
@login_required
def objection(objection_id: int):
    return _page(
        access_objections.get_objection_or_404(current_user, objection_id, queries.OBJECTION_PAGE)
    )


@bp.post("/<int:objection_id>/in-behandeling")
@login_required
def take_up(objection_id: int):
    objection = access_objections.get_decidable_objection_or_404(current_user, objection_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if commit_or_show(lambda: services.take_up(objection, current_user)):
        flash(_("Het bezwaar is in behandeling."), "success")
    return redirect(url_for("objections.objection", objection_id=objection.id))


@bp.post("/<int:objection_id>/afhandelen")
@login_required
def decide(objection_id: int):
    objection = access_objections.get_decidable_objection_or_404(current_user, objection_id)
    form = DecideObjectionForm()
    if not form.validate_on_submit():
        return _page(objection, decide_form=form, status=422)
    done = commit_or_show(
        lambda: services.decide(
            objection, ObjectionOutcome(form.outcome.data), form.motivation.data or "", current_user
        )
    )
    if not done:
        objection = access_objections.get_objection_or_404(
            current_user, objection_id, queries.OBJECTION_PAGE
        )
        return _page(objection, decide_form=form, status=422)
    return redirect(url_for("objections.objection", objection_id=objection.id))


@bp.get("/<int:objection_id>/bijlagen/<int:attachment_id>")
@login_required
def attachment(objection_id: int, attachment_id: int):
    objection = access_objections.get_objection_or_404(current_user, objection_id)
    item = access_objections.get_attachment_or_404(objection, attachment_id)
    stored = evidence.find(item.stored_name)
    if stored is None:
        abort(404)
    response = Response(
        stream_with_context(files.content(stored)),
        mimetype=item.content_type,
        headers={"Content-Length": str(stored.size)},
    )
    response.headers.set("Content-Disposition", "attachment", filename=item.name)
    return response
