"""Fixtures for feedback from colleagues: the conversation cycle's, and three more colleagues."""

import pytest

from pop.models import Role
from tests.conversations.conftest import (  # noqa: F401  (fixtures)
    cycle_id,
    function_ids,
    make_conversation,
)


@pytest.fixture
def colleagues(org, make_user) -> list[int]:
    """Pieter (same team), Lotte (another team) and three more from another team."""
    more = [
        make_user(name, department_id=org.department_b, manager_id=org.other_manager)
        for name in ("Ahmed Adviseur", "Bea Beleid", "Chris Controller")
    ]
    return [org.colleague, org.other_employee, *more]


@pytest.fixture
def outsider(make_user, org) -> int:
    return make_user("Olaf Buiten", roles={Role.EMPLOYEE}, department_id=org.department_b)
