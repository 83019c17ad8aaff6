"""The two stand-ins the matrices walk: one for Marieke today, and one whose period ended."""

from datetime import date, timedelta

from pop.extensions import db
from pop.models import Role, StandIn


def stand_ins_of(app, org, make_user) -> tuple[int, int]:
    """Kees stands in for Marieke today; Eva, a manager, stood in for her until yesterday (the
    end date is the first day without the rights): she is then like any other manager."""
    kees = make_user("Kees Vervanger", department_id=org.department_b)
    eva = make_user(
        "Eva Oud-Vervanger", roles={Role.MANAGER, Role.EMPLOYEE}, department_id=org.department_b
    )
    today = date.today()
    with app.app_context():
        db.session.add_all(
            [
                StandIn(
                    manager_id=org.manager,
                    stand_in_id=kees,
                    starts_on=today - timedelta(days=1),
                    ends_on=today + timedelta(days=10),
                ),
                StandIn(
                    manager_id=org.manager,
                    stand_in_id=eva,
                    starts_on=today - timedelta(days=30),
                    ends_on=today,
                ),
            ]
        )
        db.session.commit()
    return kees, eva
