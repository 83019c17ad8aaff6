"""Conversation pages after it was recorded: signing, addenda, and the report and its PDF."""

from flask import (
    abort,
    flash,
    render_template,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pop import access
from pop.concurrency import conflict_with_message
from pop.conversations import queries, services
from pop.conversations.forms import (
    AddendumForm,
    ResponseForm,
)
from pop.conversations.pages import (
    act,
    back,
    bp,
    require_empty_form,
)
from pop.conversations.pdf import conversation_pdf
from pop.conversations.report_view import ReportView, report_view
from pop.conversations.services import ConversationError
from pop.labels import TOPICS
from pop.pdf import pdf_response

# --- signing and addenda ------------------------------------------------------------------------


@bp.post("/<int:conversation_id>/ondertekenen")
@login_required
def sign_as_manager(conversation_id: int):
    conversation = access.get_led_conversation_or_404(current_user, conversation_id)
    require_empty_form()
    return act(
        conversation,
        lambda c: services.sign_as_manager(c, current_user),
        _("Je hebt het verslag ondertekend. De medewerker kan nu reageren en tekenen."),
        conflict=services.signing_conflict_message,
    )


@bp.post("/<int:conversation_id>/zienswijze")
@login_required
def respond(conversation_id: int):
    conversation = access.get_own_conversation_or_404(current_user, conversation_id)
    form = ResponseForm()
    if not form.validate_on_submit():
        flash(" ".join(form.employee_response.errors) or _("Controleer je zienswijze."), "error")
        return back(conversation, "#ondertekenen")
    return act(
        conversation,
        lambda c: services.respond(c, form.employee_response.data or "", current_user),
        _("Je zienswijze is opgeslagen."),
        anchor="#ondertekenen",
    )


@bp.post("/<int:conversation_id>/voor-gezien")
@login_required
def sign_as_employee(conversation_id: int):
    """The one sign-off form: the zienswijze typed there is saved with the signature."""
    conversation = access.get_own_conversation_or_404(current_user, conversation_id)
    form = ResponseForm()
    if not form.validate_on_submit():
        flash(" ".join(form.employee_response.errors) or _("Controleer je zienswijze."), "error")
        return back(conversation, "#ondertekenen")
    try:
        conflict_with_message(
            lambda: services.sign_as_employee(
                conversation, current_user, form.employee_response.data
            ),
            lambda: services.signing_conflict_message(conversation),
        )
    except ConversationError as error:
        flash(str(error), "error")
        return back(conversation, "#ondertekenen")
    flash(
        _(
            "Je hebt het verslag voor gezien getekend. Het verslag is nu vastgelegd, met je "
            "zienswijze; wat je later nog wilt toevoegen komt er als gedateerde aanvulling "
            "onder."
        ),
        "success",
    )
    return back(conversation, "#ondertekenen")


@bp.post("/<int:conversation_id>/aanvulling")
@login_required
def add_addendum(conversation_id: int):
    conversation = access.get_participant_conversation_or_404(current_user, conversation_id)
    form = AddendumForm()
    if not form.validate_on_submit():
        flash(_("Een aanvulling kan niet leeg zijn."), "error")
        return back(conversation, "#aanvullingen")
    return act(
        conversation,
        lambda c: services.add_addendum(c, form.body.data, current_user),
        _("Je aanvulling is toegevoegd."),
        anchor="#aanvullingen",
    )


# --- the report ---------------------------------------------------------------------------------


def _report(conversation_id: int) -> ReportView:
    access.get_readable_conversation_or_404(current_user, conversation_id)
    conversation = queries.conversation_page(conversation_id)
    if not conversation.is_held:
        abort(404)
    return report_view(conversation)


def _report_page(conversation_id: int) -> tuple[ReportView, str]:
    view = _report(conversation_id)
    return view, render_template("conversations/report.html", conversation=view, topics=TOPICS)


@bp.get("/<int:conversation_id>/verslag")
@login_required
def report(conversation_id: int):
    return _report_page(conversation_id)[1]


@bp.get("/<int:conversation_id>/verslag.pdf")
@login_required
def report_pdf(conversation_id: int):
    """The report page itself, rendered from the same snapshot, as a tagged PDF."""
    view, page = _report_page(conversation_id)
    return pdf_response(conversation_pdf(page), f"gesprek-{view.id}-{view.kind}.pdf")
