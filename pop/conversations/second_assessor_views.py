"""The second assessor's page: agree a finalised beoordeling, or send it back with a comment;
and HR's form there to name another second assessor for the conversation."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func
from wtforms import EmailField, TextAreaField
from wtforms.validators import DataRequired, Length

from pop import access
from pop.concurrency import conflict_with_message
from pop.conversations import queries, second_assessor
from pop.conversations.pages import bp, require_empty_form
from pop.conversations.rules import ConversationError, signing_conflict_message
from pop.extensions import db
from pop.forms import EmptyForm
from pop.models import Conversation, User
from pop.models.limits import limit

bp.add_app_template_global(second_assessor.standing, "second_assessor_standing")
bp.add_app_template_global(second_assessor.awaits_second_assessor, "awaits_second_assessor")
bp.add_app_template_global(access.is_second_assessor, "access_is_second_assessor")
bp.add_app_template_global(access.may_name_second_assessor, "access_may_name_second_assessor")


class SendBackForm(FlaskForm):
    comment = TextAreaField(
        _l("Waarom stuur je het verslag terug?"),
        description=_l(
            "De leidinggevende leest dit, past het verslag aan en rondt het opnieuw af."
        ),
        validators=[
            DataRequired(_l("Schrijf erbij waarom je het verslag terugstuurt.")),
            Length(
                max=limit("second_assessment", "return_comment"),
                message=_l("Houd het bij %(max)d tekens."),
            ),
        ],
    )


class NameAssessorForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres van de tweede beoordelaar"),
        validators=[
            DataRequired(_l("Vul het e-mailadres in van wie de tweede beoordelaar wordt.")),
            Length(max=255),
        ],
    )


def _page(conversation: Conversation, send_back_form=None, name_form=None, status: int = 200):
    return (
        render_template(
            "conversations/second_assessment.html",
            conversation=conversation,
            standing=second_assessor.standing(conversation),
            is_assessor=access.is_second_assessor(current_user, conversation),
            may_name=access.may_name_second_assessor(current_user, conversation),
            send_back_form=send_back_form or SendBackForm(),
            name_form=name_form or NameAssessorForm(),
            empty_form=EmptyForm(),
        ),
        status,
    )


def _load(conversation_id: int, **who: bool) -> Conversation:
    access.get_second_assessment_page_or_404(current_user, conversation_id, **who)
    return queries.conversation_page(conversation_id)


def _here(conversation: Conversation):
    return redirect(url_for("conversations.second_assessment", conversation_id=conversation.id))


def _act(conversation: Conversation, action) -> str | None:
    """Run the service and commit; the refusal's message, or None when it was done."""
    try:
        conflict_with_message(action, lambda: signing_conflict_message(conversation))
    except ConversationError as error:
        return str(error)
    return None


@bp.get("/<int:conversation_id>/tweede-beoordelaar")
@login_required
def second_assessment(conversation_id: int):
    return _page(_load(conversation_id))


@bp.post("/<int:conversation_id>/tweede-beoordelaar/akkoord")
@login_required
def second_assessor_agree(conversation_id: int):
    conversation = _load(conversation_id, hr=False)
    require_empty_form()
    refusal = _act(conversation, lambda: second_assessor.agree(conversation, current_user))
    if refusal:
        flash(refusal, "error")
        return _here(conversation)
    flash(
        _("Je hebt het verslag goedgekeurd. De medewerker kan het nu lezen en tekenen."), "success"
    )
    return _here(conversation)


@bp.post("/<int:conversation_id>/tweede-beoordelaar/terugsturen")
@login_required
def second_assessor_send_back(conversation_id: int):
    conversation = _load(conversation_id, hr=False)
    form = SendBackForm()
    if not form.validate_on_submit():
        return _page(conversation, send_back_form=form, status=422)
    comment = form.comment.data or ""
    refusal = _act(
        conversation, lambda: second_assessor.send_back(conversation, comment, current_user)
    )
    if refusal:
        form.comment.errors = [refusal]
        return _page(conversation, send_back_form=form, status=422)
    flash(_("Het verslag is teruggestuurd naar de leidinggevende."), "success")
    return _here(conversation)


@bp.post("/<int:conversation_id>/tweede-beoordelaar/aanwijzen")
@login_required
def name_second_assessor(conversation_id: int):
    conversation = _load(conversation_id, assessor=False)
    form = NameAssessorForm()
    if not form.validate_on_submit():
        return _page(conversation, name_form=form, status=422)
    email = (form.email.data or "").strip().lower()
    person = db.session.scalar(
        access.visible_people(current_user).where(func.lower(User.email) == email)
    )
    if person is None:
        form.email.errors = [_("Er is niemand met dit e-mailadres die je kunt aanwijzen.")]
        return _page(conversation, name_form=form, status=422)
    refusal = _act(
        conversation, lambda: second_assessor.name_assessor(conversation, person, current_user)
    )
    if refusal:
        form.email.errors = [refusal]
        return _page(conversation, name_form=form, status=422)
    flash(_("%(name)s is de tweede beoordelaar van dit gesprek.", name=person.name), "success")
    return _here(conversation)
