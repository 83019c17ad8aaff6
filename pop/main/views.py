"""Start page, language switch, health check."""

from datetime import date

from flask import (
    Blueprint,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import text
from wtforms import SelectChoice, SelectField

from pop import access
from pop.extensions import db
from pop.forms import EmptyForm
from pop.main.start import start_page
from pop.navigation import menu_for
from pop.plan.pages import NoCurrentCycle, current_cycle_for_page
from pop.redirects import safe_next

bp = Blueprint("main", __name__)


class LanguageForm(EmptyForm):
    language = SelectField(
        choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]
    )


@bp.app_context_processor
def _navigation():
    return {"main_menu": lambda: menu_for(current_user)}


@bp.app_template_global()
def mark_form_errors() -> str:
    """Called by the error summary: the page's title then starts with "Fout:"."""
    g.form_errors_shown = True
    return ""


@bp.app_template_global()
def form_errors_shown() -> bool:
    return g.get("form_errors_shown", False)


@bp.get("/")
@login_required
def home():
    try:
        cycle = current_cycle_for_page()
    except NoCurrentCycle:
        return render_template(
            "main/home.html",
            cycle=None,
            may_open_cycle=access.may_administer_cycles(current_user),
        )
    return render_template(
        "main/home.html", cycle=cycle, start=start_page(current_user, cycle), today=date.today()
    )


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["language"] = form.language.data
        if current_user.is_authenticated:
            current_user.language = form.language.data
            db.session.commit()
    back = safe_next(request.form.get("next")) or url_for("main.home")
    return redirect(back)


@bp.get("/healthz")
def health():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any database failure means unhealthy
        current_app.logger.warning(
            "health check failed", extra={"error": f"{error.__class__.__name__}: {error}"[:300]}
        )
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
