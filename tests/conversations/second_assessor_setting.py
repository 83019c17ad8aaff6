"""A cycle whose beoordelingsgesprekken go to a second assessor, and an appraisal ready to sign."""

from dataclasses import dataclass

from pop.extensions import db
from pop.models import ConversationKind, ConversationStatus, Cycle, Role, User
from tests.conversations import factories


@dataclass
class Setting:
    conversation: int
    director: int  # the manager's own manager: the default second assessor
    cycle: int


def make_setting(app, org, make_user, cycle_id: int, *, required: bool = True) -> Setting:
    director = make_user(
        "Dirk Directeur", roles={Role.MANAGER, Role.EMPLOYEE}, department_id=org.department_a
    )
    with app.app_context():
        db.session.get(User, org.manager).manager_id = director
        db.session.get(Cycle, cycle_id).second_assessor_required = required
        db.session.commit()
    conversation = factories.make_conversation(
        app,
        org.employee,
        org.manager,
        cycle_id,
        kind=ConversationKind.APPRAISAL,
        status=ConversationStatus.HELD,
        overall_rating=4,
        overall_motivation="Een sterk jaar.",
    )
    return Setting(conversation=conversation, director=director, cycle=cycle_id)
