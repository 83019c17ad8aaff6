"""The second factor in the browser: the code at log-in, setting up the app, recovery codes."""

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pop.auth import second_factor, sessions
from pop.auth.events import security_event
from pop.auth.forms import CodeForm, ConfirmPasswordForm, EnrolForm
from pop.auth.throttle import begin_attempt
from pop.auth.views import throttled_message
from pop.extensions import db

bp = Blueprint("mfa", __name__, url_prefix="/auth")

SETUP_SECRET_KEY = "_totp_setup"  # noqa: S105  (the name of a session key, not a secret)


@bp.route("/code", methods=["GET", "POST"])
def code():
    """The second step of a log-in: the code from the app, or a recovery code."""
    user, next_url = sessions.pending_user()
    if user is None:
        flash(_("Log opnieuw in: de tijd om een code in te vullen is voorbij."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("auth/code.html", form=form)
    attempt = begin_attempt([(f"code:{user.id}", current_app.config["LOGIN_RATE_LIMIT"])])
    if attempt.refused:
        flash(throttled_message(attempt), "error")
        return render_template("auth/code.html", form=form), 429
    how = second_factor.verify(user, form.code.data)
    if how is None:
        security_event("mfa_failed", user)
        db.session.commit()
        form.code.errors.append(_("Deze code klopt niet. Probeer de nieuwste code uit de app."))
        return render_template("auth/code.html", form=form)
    attempt.succeeded()
    sessions.log_in(user, second_factor=how)
    security_event("login", user, changes={"second_factor": how})
    if how == "recovery_code":
        security_event("recovery_code_used", user)
        flash(
            _(
                "Je hebt een herstelcode gebruikt. Er zijn er nog %(count)d over.",
                count=second_factor.remaining_recovery_codes(user),
            ),
            "info",
        )
    db.session.commit()
    return redirect(next_url or url_for("main.home"))


@bp.route("/tweestapsverificatie", methods=["GET", "POST"])
@login_required
def setup():
    """Set up the authenticator app, or see that it is set up."""
    user = current_user._get_current_object()
    if second_factor.is_enrolled(user):
        return render_template(
            "auth/second_factor.html",
            remaining=second_factor.remaining_recovery_codes(user),
            required=second_factor.required_for(user),
            remove_form=ConfirmPasswordForm(prefix="remove"),
            codes_form=ConfirmPasswordForm(prefix="codes"),
        )
    secret = session.get(SETUP_SECRET_KEY) or second_factor.new_secret()
    session[SETUP_SECRET_KEY] = secret
    form = EnrolForm()
    if form.validate_on_submit():
        codes = second_factor.enrol(user, secret, form.code.data)
        if codes is not None:
            session.pop(SETUP_SECRET_KEY, None)
            sessions.mark_second_factor("totp")
            security_event("mfa_enrolled", user)
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes)
        form.code.errors.append(_("Deze code klopt niet. Controleer de tijd op je telefoon."))
    uri = second_factor.provisioning_uri(user, secret)
    return render_template(
        "auth/setup_second_factor.html",
        form=form,
        secret=secret,
        qr_code=second_factor.qr_code_svg(uri, _("QR-code om POP aan je app toe te voegen")),
        required=second_factor.required_for(user),
    )


@bp.post("/tweestapsverificatie/herstelcodes")
@login_required
def new_recovery_codes():
    user = current_user._get_current_object()
    form = ConfirmPasswordForm(prefix="codes")
    if not second_factor.is_enrolled(user):
        return redirect(url_for("mfa.setup"))
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.password.errors)) or _("Vul je wachtwoord in."), "error")
        return redirect(url_for("mfa.setup"))
    codes = second_factor.new_recovery_codes(user)
    security_event("recovery_codes_renewed", user)
    db.session.commit()
    return render_template("auth/recovery_codes.html", codes=codes)


@bp.post("/tweestapsverificatie/verwijderen")
@login_required
def remove():
    user = current_user._get_current_object()
    form = ConfirmPasswordForm(prefix="remove")
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.password.errors)) or _("Vul je wachtwoord in."), "error")
        return redirect(url_for("mfa.setup"))
    if second_factor.remove(user):
        security_event("mfa_removed", user)
    session.pop(sessions.SECOND_FACTOR_KEY, None)
    db.session.commit()
    flash(_("Tweestapsverificatie is uitgezet."), "success")
    return redirect(url_for("mfa.setup"))
