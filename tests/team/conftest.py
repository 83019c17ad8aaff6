"""What the team tests share: a cycle, and the person who will stand in for the manager."""

import pytest

from tests.conversations.factories import make_cycle


@pytest.fixture
def cycle_id(app) -> int:
    return make_cycle(app)


@pytest.fixture
def deputy(make_user, org) -> int:
    """Someone of another department, not a manager, who will stand in for Marieke."""
    return make_user("Vera Vervanger", department_id=org.department_b)
