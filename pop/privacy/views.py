"""Privacy pages: people who left and their anonymisation (HR), and one's own data."""

import json

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pop.access import (
    get_managed_person_or_404,
    hr_required,
    people_scope,
)
from pop.extensions import db
from pop.people.services import department_paths
from pop.privacy import anonymise as privacy
from pop.privacy.forms import AnonymiseForm
from pop.privacy.personal_data import personal_data
from pop.transactions import commit_or_show

bp = Blueprint("privacy", __name__)
LIST_PER_PAGE = 25


# --- privacy: anonymising people who left ------------------------------------------------------


@bp.get("/hr/privacy")
@hr_required
def leavers():
    page = db.paginate(
        privacy.leavers_query(people_scope(current_user)),
        page=request.args.get("page", 1, type=int),
        per_page=LIST_PER_PAGE,
        error_out=False,
    )
    return render_template(
        "privacy/leavers.html",
        page=page,
        paths=department_paths(),
        retention_days=privacy.retention_days(),
        anonymisable_from=privacy.anonymisable_from,
        may_anonymise=privacy.may_anonymise,
    )


@bp.route("/hr/privacy/<int:person_id>/anonimiseren", methods=["GET", "POST"])
@hr_required
def anonymise_person(person_id: int):
    person = get_managed_person_or_404(current_user, person_id)
    form = AnonymiseForm()
    if form.validate_on_submit() and (
        done := commit_or_show(lambda: privacy.anonymise(person, current_user))
    ):
        privacy.discard_evidence(done.result.evidence_files)
        flash(
            _(
                "De gegevens zijn geanonimiseerd; deze persoon heet nu %(name)s.",
                name=done.result.placeholder,
            ),
            "success",
        )
        return redirect(url_for("privacy.leavers"))
    return render_template(
        "privacy/anonymise.html",
        form=form,
        person=person,
        may_anonymise=privacy.may_anonymise(person),
        anonymisable_from=privacy.anonymisable_from(person),
        retention_days=privacy.retention_days(),
    )


# --- privacy: my own data ----------------------------------------------------------------------


@bp.get("/mijn-gegevens")
@login_required
def my_data():
    return render_template("privacy/my_data.html", data=personal_data(current_user))


@bp.get("/mijn-gegevens.json")
@login_required
def my_data_json():
    data = personal_data(current_user)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="mijn-gegevens-pop.json"'},
    )
