"""Conversation pages: the list, planning, and the conversation page itself.

The blueprint is defined in `pages`; the routes of the later stages live beside this module
(`recording_views`: preparing, self-assessment, record, agreements; `signing_views`: sign-off,
addenda, the report) and are registered by importing them here.
"""

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

# The routes of the later stages register themselves on the blueprint when imported.
import pop.conversations.recording_views
import pop.conversations.second_assessor_views
import pop.conversations.signing_views  # noqa: F401
from pop import access, access_handover
from pop.conversations import queries, services
from pop.conversations.forms import (
    AddendumForm,
    AgreementForm,
    PlanConversationForm,
    RescheduleForm,
    ResponseForm,
)
from pop.conversations.pages import (
    back,
    bp,
    may_see_self_scores,
    rating_rows,
    require_empty_form,
)
from pop.extensions import db
from pop.forms import EmptyForm
from pop.labels import TOPICS
from pop.models import (
    Conversation,
    ConversationKind,
    User,
)
from pop.plan.pages import current_cycle_for_page
from pop.scheduling import prepare_invitation
from pop.transactions import commit_or_show

# --- the list and planning ----------------------------------------------------------------------


@bp.get("/")
@login_required
def index():
    own, team = queries.conversations_of(current_user)
    return render_template(
        "conversations/index.html",
        own=own,
        team=team,
        is_manager=access.leads_a_team(current_user),
    )


def _team(manager: User) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.manager_id.in_(access.acting_manager_ids(manager)), User.active)
            .order_by(User.name)
        )
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@access.team_lead_required
def new():
    cycle = current_cycle_for_page()
    team = _team(current_user)
    form = PlanConversationForm(team=team)
    if not form.is_submitted():
        form.employee_id.data = request.args.get("medewerker", type=int)
        wanted_kind = request.args.get("soort")
        if wanted_kind in {kind.value for kind in ConversationKind}:
            form.kind.data = wanted_kind
    if form.validate_on_submit():
        employee = next(person for person in team if person.id == form.employee_id.data)
        planned = commit_or_show(
            lambda: services.plan_conversation(
                employee,
                cycle,
                ConversationKind(form.kind.data),
                form.planned_on.data,
                current_user,
                form.appointment(form.planned_on.data),
            )
        )
        if planned:
            conversation = planned.result
            flash(_("Het gesprek is gepland."), "success")
            _send_invitation(conversation)
            return redirect(url_for("conversations.conversation", conversation_id=conversation.id))
    return render_template("conversations/new.html", form=form, cycle=cycle, team=team)


# --- the conversation page ----------------------------------------------------------------------


@bp.get("/<int:conversation_id>")
@login_required
def conversation(conversation_id: int):
    conversation = access.get_conversation_or_404(
        current_user, conversation_id, options=queries.CONVERSATION_VIEW
    )
    may_read = access.may_read_report(current_user, conversation)
    is_manager = access.is_conversation_manager(current_user, conversation)
    is_employee = access.is_conversation_employee(current_user, conversation)
    competencies = queries.rated_competencies(conversation.employee.function_id) if may_read else []
    context = {}
    if may_read:
        scores, self_scores = queries.page_scores(
            conversation, with_self_scores=may_see_self_scores(conversation, current_user)
        )
        context = {
            "rows": rating_rows(competencies, scores, self_scores, all_indicators=False),
            "notes": queries.notes_by_topic(conversation.id) if conversation.is_held else {},
            "addenda": queries.addenda_of(conversation.id) if conversation.is_signed else [],
            "agreements": queries.agreements_of(conversation.id),
            "history": queries.history(conversation.id),
        }
    return render_template(
        "conversations/conversation.html",
        conversation=conversation,
        may_read=may_read,
        is_manager=is_manager,
        is_employee=is_employee,
        may_see_private_notes=access.may_see_private_notes(current_user, conversation),
        kept_notes=access_handover.kept_notes_known_to(current_user, conversation),
        topics=TOPICS,
        empty_form=EmptyForm(),
        **_forms_shown(conversation, is_manager, is_employee, may_read, competencies),
        **context,
    )


def _forms_shown(
    conversation: Conversation,
    is_manager: bool,
    is_employee: bool,
    may_read: bool,
    competencies: list,
) -> dict:
    """The forms the conversation page shows this visitor, under the template's conditions (or
    wider ones): a visitor who cannot act on a part gets no form for it built."""
    forms = {}
    if is_manager and not conversation.is_held:
        forms["reschedule_form"] = RescheduleForm(obj=conversation)
    if may_read and is_manager and not conversation.manager_signed_at:
        forms["agreement_form"] = AgreementForm(competencies=competencies)
    if is_employee and conversation.manager_signed_at and not conversation.is_signed:
        forms["response_form"] = ResponseForm(employee_response=conversation.employee_response)
    if conversation.is_signed and (is_manager or is_employee):
        forms["addendum_form"] = AddendumForm()
    return forms


@bp.post("/<int:conversation_id>/verzetten")
@login_required
def reschedule(conversation_id: int):
    conversation = access.get_led_conversation_or_404(current_user, conversation_id)
    form = RescheduleForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return back(conversation)
    moved = commit_or_show(
        lambda: services.reschedule(
            conversation,
            form.planned_on.data,
            current_user,
            form.appointment(form.planned_on.data),
        )
    )
    if not moved:
        return back(conversation)
    flash(_("Het gesprek is verzet."), "success")
    if moved.result:
        _send_invitation(conversation)
    return back(conversation)


@bp.post("/<int:conversation_id>/afzeggen")
@login_required
def cancel(conversation_id: int):
    """Call off a planned conversation; the employee's calendar gets a cancellation."""
    conversation = access.get_led_conversation_or_404(current_user, conversation_id)
    require_empty_form()

    def work():
        services.cancel_conversation(conversation, current_user)
        # Built before the commit: afterwards the conversation is gone.
        return prepare_invitation(conversation, cancelled=True)

    cancelled = commit_or_show(work)
    if not cancelled:
        return back(conversation)
    send_cancellation = cancelled.result
    flash(_("Het gesprek is afgezegd."), "success")
    if not send_cancellation():
        flash(_("De afzegging kon niet per e-mail worden verstuurd."), "warning")
    return redirect(url_for("conversations.index"))


def _send_invitation(conversation: Conversation) -> None:
    """Mail the calendar invitation after the commit; a failure is said, the change stands."""
    if not prepare_invitation(conversation)():
        flash(
            _(
                "De agenda-uitnodiging kon niet per e-mail worden verstuurd; "
                "download hem met “In mijn agenda”."
            ),
            "warning",
        )
