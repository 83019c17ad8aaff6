"""Catalogue pages: functions by family, a function, the competency library, my function, and
HR's corrections and web import."""

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from pop import access
from pop.access import hr_required, may_edit_catalogue
from pop.catalogue import queries, services
from pop.catalogue.changes import (
    ADOPT,
    ADOPTED,
    KEEP_APART,
    KEPT_APART,
    NEW,
    REVISED,
    SAME,
    Choices,
    CompetencyChange,
)
from pop.catalogue.forms import (
    CompetencyForm,
    ConfirmImportForm,
    FunctionForm,
    ImportUploadForm,
    choice_field_name,
)
from pop.catalogue.importer import CREATED, FAILED, UNCHANGED, UPDATED, ImportSummary, import_file
from pop.catalogue.parser import Message, ParseError
from pop.extensions import db
from pop.models import DevelopmentTip
from pop.translation import N_
from pop.translation import gettext as translate

bp = Blueprint("catalogue", __name__, url_prefix="/functies")

# The plan's page that turns a development tip into a goal; it may not be registered yet.
NEW_GOAL_ENDPOINT = "plan.new_goal"


@bp.app_template_filter("message")
def translate_message(message: Message | ParseError) -> str:
    """A parser warning or error (`template` + `params`) in the user's language."""
    return _(message.template, **message.params)


@bp.app_template_global()
def goal_from_tip_url(tip: DevelopmentTip) -> str | None:
    """Where "Maak hiervan een doel" leads, or None while the plan cannot take it."""
    if NEW_GOAL_ENDPOINT not in current_app.view_functions:
        return None
    return url_for(NEW_GOAL_ENDPOINT, tip=tip.id)


_IMPORT_STATUSES = {
    CREATED: N_("nieuw"),
    UPDATED: N_("bijgewerkt"),
    UNCHANGED: N_("ongewijzigd"),
    FAILED: N_("fout"),
}

_COMPETENCY_OUTCOMES = {
    NEW: N_("nieuw in de competentiebibliotheek"),
    SAME: N_("ongewijzigd"),
    REVISED: N_("nieuwe versie; geen andere functie gebruikt deze competentie"),
    ADOPTED: N_("nieuwe versie voor elke functie die haar gebruikt"),
    KEPT_APART: N_("apart gehouden voor deze functie, als variant met dezelfde naam"),
}


@bp.app_template_global()
def import_status_label(status: str) -> str:
    return translate(_IMPORT_STATUSES[status])


@bp.app_template_global()
def competency_outcome_label(outcome: str) -> str:
    """What became of a competency of an imported document."""
    return translate(_COMPETENCY_OUTCOMES[outcome])


@bp.app_template_global()
def competency_choice(change: CompetencyChange, filename: str, choices: Choices) -> dict:
    """The radio group of one choice: its field name and the value that is checked."""
    chosen = choices.choice_for(filename, change.position, None) or KEEP_APART
    return {"name": choice_field_name(filename, change.position), "checked": chosen}


@bp.app_template_global()
def competency_choice_values() -> tuple[tuple[str, str], ...]:
    return (
        (KEEP_APART, _("Apart houden voor deze functie (de andere functies houden hun tekst)")),
        (ADOPT, _("Overnemen voor elke functie die deze competentie gebruikt")),
    )


@bp.get("/")
@login_required
def index():
    return render_template(
        "catalogue/index.html",
        overview=queries.catalogue_overview(),
        may_edit=may_edit_catalogue(current_user),
    )


@bp.get("/<int:function_id>", endpoint="function")
@login_required
def show_function(function_id: int):
    function = access.get_function_or_404(current_user, function_id, queries.FUNCTION_PAGE)
    may_edit = may_edit_catalogue(current_user)
    return render_template(
        "catalogue/function.html",
        function=function,
        holders=queries.function_holders(current_user, function.id) if may_edit else None,
        may_edit=may_edit,
        own_level=None,
        is_own=False,
    )


@bp.get("/mijn-functie")
@login_required
def my_function():
    function = (
        queries.function_detail(current_user.function_id)
        if current_user.function_id is not None
        else None
    )
    if function is None:
        return render_template("catalogue/no_function.html")
    return render_template(
        "catalogue/function.html",
        function=function,
        holders=None,
        may_edit=may_edit_catalogue(current_user),
        own_level=current_user.function_level,
        is_own=True,
    )


@bp.route("/<int:function_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_function(function_id: int):
    function = access.get_editable_function_or_404(current_user, function_id, queries.FUNCTION_PAGE)
    form = FunctionForm(function=function)
    if form.validate_on_submit():
        changes = {}
        changes |= services.rename_function(current_user, function, form.title.data)
        changes |= services.set_family(current_user, function, form.chosen_family())
        for level, entry in zip(function.levels, form.levels.entries, strict=True):
            changes |= services.correct_level(
                current_user, level, entry.form.name.data or "", entry.form.scale.data
            )
        db.session.commit()
        if changes:
            flash(_("De functie %(title)s is opgeslagen.", title=function.display_title), "success")
        else:
            flash(_("Er was niets gewijzigd."), "info")
        return redirect(url_for("catalogue.function", function_id=function.id))
    return render_template("catalogue/function_form.html", form=form, function=function)


@bp.get("/competenties")
@login_required
def competencies():
    return render_template(
        "catalogue/competencies.html",
        library=queries.competency_library(),
        may_edit=may_edit_catalogue(current_user),
    )


@bp.get("/competenties/<int:competency_id>", endpoint="competency")
@login_required
def show_competency(competency_id: int):
    competency = access.get_competency_or_404(current_user, competency_id, queries.COMPETENCY_PAGE)
    return render_template(
        "catalogue/competency.html",
        competency=competency,
        functions=queries.functions_using(competency),
        may_edit=may_edit_catalogue(current_user),
    )


@bp.route("/competenties/<int:competency_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_competency(competency_id: int):
    competency = access.get_editable_competency_or_404(
        current_user, competency_id, queries.COMPETENCY_PAGE
    )
    form = CompetencyForm(competency=competency)
    if form.validate_on_submit():
        try:
            changes = services.name_competency(current_user, competency, form.name.data)
        except services.CompetencyNameTaken as taken:
            form.name.errors.append(
                _("Er is al een competentie met de naam ‘%(name)s’.", name=taken.name)
            )
        else:
            db.session.commit()
            if changes:
                flash(
                    _("De competentie heet nu %(name)s.", name=competency.display_name), "success"
                )
            else:
                flash(_("Er was niets gewijzigd."), "info")
            return redirect(url_for("catalogue.competency", competency_id=competency.id))
    return render_template("catalogue/competency_form.html", form=form, competency=competency)


@bp.route("/importeren", methods=["GET", "POST"])
@hr_required
def import_upload():
    form = ImportUploadForm()
    if form.validate_on_submit():
        pending = services.stash_uploads(current_user, form.files.data)
        return _preview(form, pending, Choices())
    return render_template("catalogue/import.html", form=form, summaries=None)


def _preview(form: ImportUploadForm, pending, choices: Choices):
    """The import rehearsed with HR's choices so far: what confirming will do."""
    summaries = pending.preview(current_user, choices)
    importable = [summary for summary in summaries if not summary.failed]
    confirm = None
    if importable:
        confirm = ConfirmImportForm(formdata=None, data={"token": pending.token})
    else:
        pending.discard()
    return render_template(
        "catalogue/import.html",
        form=form,
        summaries=summaries,
        importable=importable,
        confirm=confirm,
        choices=choices,
    )


@bp.post("/importeren/bevestigen")
@hr_required
def import_confirm():
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(404)
    pending = services.pending_import(current_user, form.token.data)
    if pending is None:
        abort(404)
    try:
        choices = form.choices(request.form)
    except ValueError:
        abort(400, description=_("Het formulier bevat een keuze die niet bestaat."))
    if request.form.get("actie") == "bekijken":
        return _preview(ImportUploadForm(formdata=None), pending, choices)
    with pending.documents() as paths:
        summaries = [_import_one(path, choices) for path in paths]
    pending.discard()
    _flash_import_result(summaries)
    return redirect(url_for("catalogue.index"))


def _import_one(path: Path, choices: Choices) -> ImportSummary:
    """Import one document in a transaction of its own: committed, or rolled back on failure."""
    try:
        summary = import_file(path, actor=current_user, choices=choices)
        if summary.failed:
            db.session.rollback()
        else:
            db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("catalogue import of %s failed", path.name)
        summary = ImportSummary(filename=path.name, status=FAILED)
    return summary


def _flash_import_result(summaries: list[ImportSummary]) -> None:
    count = dict.fromkeys((CREATED, UPDATED, UNCHANGED, FAILED), 0)
    for summary in summaries:
        count[summary.status] += 1
    flash(
        _(
            "Import klaar: %(created)d nieuw, %(updated)d bijgewerkt, %(unchanged)d ongewijzigd.",
            created=count[CREATED],
            updated=count[UPDATED],
            unchanged=count[UNCHANGED],
        ),
        "success",
    )
    failed = [summary.filename for summary in summaries if summary.status == FAILED]
    if failed:
        flash(
            _(
                "Niet geïmporteerd, want niet te lezen of niet op te slaan: %(files)s.",
                files=", ".join(failed),
            ),
            "error",
        )
