"""The stand-in page: arranging a vervanger for a period, the current and coming ones, ending."""

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pop import access_standins, notify
from pop.extensions import db
from pop.forms import EmptyForm
from pop.models import NotificationKind
from pop.team import standin_queries, standins
from pop.team.pages import bp
from pop.team.standin_forms import StandInForm
from pop.transactions import commit_or_show


def _page(form: StandInForm, status: int = 200):
    today = date.today()
    arrangements = standin_queries.current_and_coming(current_user, today)
    return (
        render_template(
            "team/stand_ins.html",
            form=form,
            arrangements=arrangements,
            end_form=EmptyForm(),
            today=today,
            may_end=access_standins.may_end_which(current_user, arrangements),
        ),
        status,
    )


def _form() -> StandInForm:
    form = StandInForm()
    managers = list(db.session.scalars(access_standins.managers_to_arrange_for(current_user)))
    candidates = db.session.execute(access_standins.stand_in_candidates()).all()
    form.fill_choices(managers, candidates)
    return form


@bp.get("/vervangers")
@login_required
def stand_ins():
    access_standins.require_stand_in_page(current_user)
    return _page(_form())


@bp.post("/vervangers")
@login_required
def arrange_stand_in():
    access_standins.require_stand_in_page(current_user)
    form = _form()
    if not form.validate_on_submit():
        return _page(form, 200)
    manager = access_standins.get_manager_to_arrange_for_or_404(current_user, form.manager_id.data)
    deputy = access_standins.get_stand_in_candidate_or_404(current_user, form.stand_in_id.data)

    def work():
        arrangement = standins.arrange(
            manager, deputy, form.starts_on.data, form.ends_on.data, current_user
        )
        for person in (deputy, manager):
            notify.notify(
                person,
                NotificationKind.STAND_IN_ARRANGED,
                obj=arrangement,
                actor=current_user,
                link=notify.app_path("team.index" if person is deputy else "team.stand_ins"),
            )
        return arrangement

    if not commit_or_show(work):
        return _page(form, 200)
    flash(
        _("%(stand_in)s vervangt %(manager)s.", stand_in=deputy.name, manager=manager.name),
        "success",
    )
    return redirect(url_for("team.stand_ins"))


@bp.post("/vervangers/<int:arrangement_id>/beeindigen")
@login_required
def end_stand_in(arrangement_id: int):
    arrangement = access_standins.get_arrangement_to_end_or_404(current_user, arrangement_id)
    if EmptyForm().validate_on_submit() and commit_or_show(
        lambda: standins.end(arrangement, current_user)
    ):
        flash(
            _(
                "De vervanging van %(manager)s door %(stand_in)s is beëindigd.",
                manager=arrangement.manager.name,
                stand_in=arrangement.stand_in.name,
            ),
            "success",
        )
    return redirect(url_for("team.stand_ins"))
