"""The people administration (list, create, edit, (de)activate, CSV import)."""

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_
from sqlalchemy.orm import joinedload, selectinload

from pop.access import department_subtree_ids, hr_required
from pop.access import managed_people as managed_people_query
from pop.access_accounts import get_account_or_404, may_change_account
from pop.extensions import db
from pop.forms import EmptyForm
from pop.models import Role, User
from pop.people import csv_import as people_import
from pop.people import services as people_service
from pop.people.csv_file import EXAMPLE_ROWS, example_csv
from pop.people.forms import (
    ROLE_LABELS,
    STATUS_ACTIVE,
    STATUS_ALL,
    STATUS_INACTIVE,
    ImportPeopleForm,
    PeopleFilterForm,
    PersonForm,
)

bp = Blueprint("people", __name__, url_prefix="/hr")


@bp.get("/medewerkers")
@hr_required
def index():
    filters = PeopleFilterForm(request.args, actor=current_user)
    if not filters.validate():
        # A hand-made or stale query string: drop the filter that makes no sense.
        for field in filters:
            if field.errors:
                field.data, field.errors = field.default, []
    query = managed_people_query(current_user).options(
        joinedload(User.department),
        joinedload(User.manager),
        joinedload(User.function),
        joinedload(User.function_level),
        selectinload(User.role_links),
    )
    search = (filters.q.data or "").strip().lower()
    if search:
        query = query.where(
            or_(
                func.lower(User.name).contains(search, autoescape=True),
                func.lower(User.email).contains(search, autoescape=True),
                func.lower(User.employee_number).contains(search, autoescape=True),
            )
        )
    if filters.department.data is not None:
        query = query.where(
            User.department_id.in_(department_subtree_ids([filters.department.data]))
        )
    status = filters.status.data
    if status == STATUS_ACTIVE:
        query = query.where(User.active.is_(True))
    elif status == STATUS_INACTIVE:
        query = query.where(User.active.is_(False))
    page = db.paginate(
        query.order_by(func.lower(User.name), User.id),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PEOPLE_PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "people/people.html",
        page=page,
        filters=filters,
        filtered=bool(search) or filters.department.data is not None or status != STATUS_ACTIVE,
        role_labels=ROLE_LABELS,
        roles_in_order=list(Role),
        may_change=lambda person: may_change_account(current_user, person),
        status_all=STATUS_ALL,
    )


@bp.route("/medewerkers/nieuw", methods=["GET", "POST"])
@hr_required
def create_person():
    form = PersonForm(actor=current_user)
    if form.validate_on_submit():
        try:
            person = people_service.create_person(
                current_user, form.details(), password=form.new_password
            )
        except people_service.PersonRuleError as problem:
            _show_rule_error(form, problem)
        else:
            db.session.commit()
            flash(_("%(name)s is toegevoegd.", name=person.name), "success")
            return redirect(url_for("people.index"))
    return render_template("people/person_form.html", form=form, person=None)


@bp.route("/medewerkers/<int:person_id>", methods=["GET", "POST"])
@hr_required
def edit_person(person_id: int):
    person = get_account_or_404(current_user, person_id)
    form = PersonForm(actor=current_user, person=person)
    if form.validate_on_submit():
        try:
            changes = people_service.update_person(
                current_user, person, form.details(), password=form.new_password
            )
        except people_service.PersonRuleError as problem:
            _show_rule_error(form, problem)
        else:
            db.session.commit()
            if changes:
                flash(_("De gegevens van %(name)s zijn opgeslagen.", name=person.name), "success")
            else:
                flash(_("Er was niets gewijzigd."), "info")
            return redirect(url_for("people.index"))
    return render_template(
        "people/person_form.html", form=form, person=person, role_labels=ROLE_LABELS
    )


@bp.post("/medewerkers/<int:person_id>/deactiveren")
@hr_required
def deactivate_person(person_id: int):
    person = get_account_or_404(current_user, person_id)
    if EmptyForm().validate_on_submit():
        try:
            people_service.deactivate_person(current_user, person)
        except people_service.PersonRuleError as problem:
            flash(problem.message, "error")
        else:
            db.session.commit()
            flash(
                _("%(name)s is gedeactiveerd en kan niet meer inloggen.", name=person.name),
                "success",
            )
    return redirect(url_for("people.edit_person", person_id=person.id))


@bp.post("/medewerkers/<int:person_id>/activeren")
@hr_required
def reactivate_person(person_id: int):
    person = get_account_or_404(current_user, person_id)
    if EmptyForm().validate_on_submit():
        people_service.reactivate_person(current_user, person)
        db.session.commit()
        flash(_("%(name)s is weer actief.", name=person.name), "success")
    return redirect(url_for("people.edit_person", person_id=person.id))


@bp.route("/medewerkers/importeren", methods=["GET", "POST"])
@hr_required
def import_people():
    form = ImportPeopleForm()
    report = None
    if form.validate_on_submit():
        report = people_import.import_people(form.file.data.read(), current_user)
        if report.problems:
            db.session.rollback()
        else:
            db.session.commit()
            flash(
                _(
                    "Import geslaagd: %(created)d nieuw, %(updated)d bijgewerkt, "
                    "%(unchanged)d ongewijzigd.",
                    created=report.created,
                    updated=report.updated,
                    unchanged=report.unchanged,
                ),
                "success",
            )
            return redirect(url_for("people.index"))
    return render_template(
        "people/import_people.html",
        form=form,
        report=report,
        example=EXAMPLE_ROWS,
    )


@bp.get("/medewerkers/importeren/voorbeeld.csv")
@hr_required
def import_example():
    return Response(
        example_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=medewerkers-voorbeeld.csv"},
    )


def _show_rule_error(form: PersonForm, problem: people_service.PersonRuleError) -> None:
    """Put a rule the service refused next to the field it is about."""
    if problem.field is not None and problem.field in form:
        form[problem.field].errors.append(problem.message)
    else:
        form.form_errors.append(problem.message)
