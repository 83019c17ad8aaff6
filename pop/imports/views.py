"""HR's view of the unattended imports: the last runs of `pop import-people` and what they did."""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from pop.access import hr_required, visible_people
from pop.extensions import db
from pop.models import PeopleImportRun, User

bp = Blueprint("imports", __name__, url_prefix="/hr/importruns")

RUNS_SHOWN = 20


@bp.get("/")
@hr_required
def runs():
    runs = list(
        db.session.scalars(
            select(PeopleImportRun)
            .options(joinedload(PeopleImportRun.actor))
            .order_by(PeopleImportRun.at.desc(), PeopleImportRun.id.desc())
            .limit(RUNS_SHOWN)
        )
    )
    named = {entry["id"] for run in runs for entry in (run.report or {}).get("deactivated", [])}
    # An HR adviser with a limited scope sees the names of leavers in that scope only.
    visible = (
        set(
            db.session.scalars(
                visible_people(current_user).with_only_columns(User.id).where(User.id.in_(named))
            )
        )
        if named
        else set()
    )
    return render_template("imports/runs.html", runs=runs, visible=visible)
