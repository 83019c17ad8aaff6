"""A signed beoordeling with a second assessor, for the objection tests."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from pop.conversations import second_assessor, services
from pop.extensions import db
from pop.models import Conversation, User
from pop.models._time import utcnow
from tests.conversations.factories import make_cycle
from tests.conversations.second_assessor_setting import make_setting


@dataclass
class Signed:
    conversation: int
    director: int
    signed_at: datetime


def sign_through(app, org, setting) -> datetime:
    """Manager, second assessor and employee sign, as they would."""
    with app.app_context():
        conversation = db.session.get(Conversation, setting.conversation)
        services.sign_as_manager(conversation, db.session.get(User, org.manager))
        second_assessor.agree(conversation, db.session.get(User, setting.director))
        services.sign_as_employee(conversation, db.session.get(User, org.employee), "Gezien.")
        db.session.commit()
        return conversation.employee_signed_at


@pytest.fixture
def signed(app, org, make_user) -> Signed:
    setting = make_setting(app, org, make_user, make_cycle(app))
    return Signed(setting.conversation, setting.director, sign_through(app, org, setting))


def days_after(moment: datetime, days: int):
    return (moment + timedelta(days=days)).date()


__all__ = ["days_after", "utcnow"]
