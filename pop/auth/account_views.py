"""Getting into an account without a password: invitations, resets, and an admin's reset."""

import logging

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from pop import access, access_accounts
from pop.auth import accounts, sessions
from pop.auth.account_mail import build_message, send_messages
from pop.auth.events import security_event
from pop.auth.forms import ForgotPasswordForm, SetPasswordForm
from pop.auth.links import INVITATION, RESET, read_token
from pop.auth.throttle import account_key, address_key, begin_attempt
from pop.auth.views import find_account
from pop.extensions import db
from pop.forms import EmptyForm
from pop.notifications.mail import MailError
from pop.passwords import hash_password

bp = Blueprint("account", __name__, url_prefix="/auth")
log = logging.getLogger(__name__)


def _send_after_response(response, messages) -> None:
    """Send once the answer is out: its timing must not tell whether the address exists."""
    app = current_app._get_current_object()

    def send() -> None:
        with app.app_context():
            try:
                send_messages(messages)
            except MailError:
                log.exception("password reset mail could not be sent")

    response.call_on_close(send)


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot_password.html", form=form)
    email = form.email.data.strip().lower()
    messages = []
    attempt = begin_attempt(
        [
            ("reset-" + account_key(email), current_app.config["LOGIN_RATE_LIMIT"]),
            (
                "reset-" + address_key(request.remote_addr),
                current_app.config["LOGIN_ADDRESS_RATE_LIMIT"],
            ),
        ]
    )
    user = find_account(email)
    if not attempt.refused and user is not None and user.active:
        messages.append(build_message(user, RESET))
        security_event("password_reset_requested", user)
        db.session.commit()
    # The same answer whether or not the address has an account, and whether or not throttled.
    flash(
        _(
            "Als dit adres bij een account hoort, is er een e-mail onderweg met een link om een "
            "nieuw wachtwoord te kiezen. Kijk ook bij ongewenste e-mail."
        ),
        "info",
    )
    response = redirect(url_for("auth.login"))
    if messages:
        _send_after_response(response, messages)
    return response


@bp.route("/wachtwoord-instellen/<token>", methods=["GET", "POST"])
def set_password(token: str):
    holder = read_token(token)
    if holder is None:
        return render_template("auth/link_expired.html"), 410
    person = holder.user
    form = SetPasswordForm(person)
    if not form.validate_on_submit():
        return render_template("auth/set_password.html", form=form, person=person)
    person.password_hash = hash_password(form.new_password.data)
    ended = sessions.end_all_sessions(person)
    action = "invitation_accepted" if holder.purpose == INVITATION else "password_reset"
    security_event(action, person, changes={"other_sessions_ended": ended})
    db.session.commit()
    flash(
        _("Je wachtwoord is ingesteld. Log nu in met je e-mailadres en dit wachtwoord."), "success"
    )
    return redirect(url_for("auth.login"))


def _send_now(messages) -> bool:
    try:
        send_messages(messages)
    except MailError as error:
        log.warning("invitation mail failed: %s", error)
        flash(_("De e-mail kon niet worden verstuurd: %(error)s", error=str(error)), "error")
        return False
    return True


@bp.post("/personen/<int:person_id>/uitnodigen")
@access.hr_required
def invite(person_id: int):
    """HR sends one person an invitation to choose a password."""
    person = access_accounts.get_account_or_404(current_user, person_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("people.edit_person", person_id=person.id))
    if person.password_hash is not None or not person.active:
        flash(_("%(name)s kan al inloggen of is niet actief.", name=person.name), "info")
        return redirect(url_for("people.edit_person", person_id=person.id))
    if _send_now([build_message(person, INVITATION)]):
        security_event("invitation_sent", person, actor=current_user)
        db.session.commit()
        flash(_("De uitnodiging is verstuurd naar %(email)s.", email=person.email), "success")
    return redirect(url_for("people.edit_person", person_id=person.id))


@bp.post("/uitnodigingen")
@access.hr_required
def invite_all():
    """HR invites everyone in its scope who has no password and no recent invitation."""
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("people.index"))
    people = accounts.people_to_invite(current_user)
    if people and _send_now([build_message(person, INVITATION) for person in people]):
        for person in people:
            security_event("invitation_sent", person, actor=current_user)
        db.session.commit()
    flash(
        ngettext("%(num)d uitnodiging verstuurd.", "%(num)d uitnodigingen verstuurd.", len(people)),
        "success" if people else "info",
    )
    return redirect(url_for("people.index"))


@bp.post("/personen/<int:person_id>/toegang-herstellen")
@access.roles_required(access.Role.ADMIN)
def reset_access(person_id: int):
    """An administrator resets an account: password and second factor go, sessions end."""
    person = access_accounts.get_account_or_404(current_user, person_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("people.edit_person", person_id=person.id))
    outcome = accounts.reset_access(person)
    security_event(
        "password_reset_by_admin",
        person,
        actor=current_user,
        changes={
            "second_factor_removed": outcome.second_factor_removed,
            "other_sessions_ended": outcome.sessions_ended,
        },
    )
    db.session.commit()
    if person.active and _send_now([build_message(person, RESET)]):
        flash(
            _(
                "De toegang van %(name)s is hersteld: er is een e-mail verstuurd om een nieuw "
                "wachtwoord te kiezen.",
                name=person.name,
            ),
            "success",
        )
    return redirect(url_for("people.edit_person", person_id=person.id))
