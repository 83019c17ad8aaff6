"""Log in, log out, change password."""

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_time, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from pop.auth import second_factor, sessions
from pop.auth.events import security_event
from pop.auth.forms import ChangePasswordForm, LoginForm
from pop.auth.oidc import password_login_enabled, provider_logout_url
from pop.auth.throttle import Attempt, account_key, address_key, begin_attempt
from pop.extensions import db
from pop.forms import EmptyForm
from pop.models import User
from pop.models._time import utcnow
from pop.passwords import hash_password, verify_password
from pop.redirects import safe_next

bp = Blueprint("auth", __name__, url_prefix="/auth")


def find_account(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def begin_login_attempt(email: str) -> Attempt:
    config = current_app.config
    return begin_attempt(
        [
            (account_key(email), config["LOGIN_RATE_LIMIT"]),
            (address_key(request.remote_addr), config["LOGIN_ADDRESS_RATE_LIMIT"]),
        ]
    )


def throttled_message(attempt: Attempt) -> str:
    again_at = format_time(utcnow() + timedelta(seconds=attempt.refused_for), "short")
    return ngettext(
        "Je hebt te vaak geprobeerd in te loggen. Wacht een minuut en probeer het opnieuw na "
        "%(time)s.",
        "Je hebt te vaak geprobeerd in te loggen. Wacht %(num)d minuten en probeer het opnieuw "
        "na %(time)s.",
        attempt.retry_minutes,
        time=again_at,
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if not password_login_enabled() or not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    email = form.email.data.strip().lower()
    attempt = begin_login_attempt(email)
    if attempt.refused:
        security_event("login_throttled", find_account(email))
        db.session.commit()
        flash(throttled_message(attempt), "error")
        return render_template("auth/login.html", form=form), 429
    user = find_account(email)
    usable = user if user is not None and user.active else None
    if verify_password(usable.password_hash if usable else None, form.password.data):
        attempt.succeeded()
        next_url = safe_next(form.next.data)
        if second_factor.is_enrolled(usable):
            sessions.hold_for_second_factor(usable, next_url)
            return redirect(url_for("mfa.code"))
        sessions.log_in(usable)
        security_event("login", usable)
        db.session.commit()
        return redirect(next_url or url_for("main.home"))
    security_event("login_failed", user)
    db.session.commit()
    flash(_("Onbekende combinatie van e-mailadres en wachtwoord."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        user = current_user._get_current_object()
        at_provider = provider_logout_url()
        sessions.log_out()
        security_event("logout", user)
        db.session.commit()
        flash(_("Je bent uitgelogd."), "info")
        if at_provider:
            return redirect(at_provider)
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        user.password_hash = hash_password(form.new_password.data)
        ended = sessions.end_other_sessions(user)
        security_event("password_changed", user, changes={"other_sessions_ended": ended})
        db.session.commit()
        flash(_("Je wachtwoord is gewijzigd. Je bent overal elders uitgelogd."), "success")
        return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)
