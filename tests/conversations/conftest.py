"""Fixtures for the conversation cycle: a cycle, a function with competencies, conversations."""

import pytest

from tests.conversations import factories


@pytest.fixture
def cycle_id(app) -> int:
    return factories.make_cycle(app)


@pytest.fixture
def function_ids(app, org) -> factories.FunctionIds:
    """Sanne's and Pieter's function (both report to Marieke); Lotte has the same one."""
    return factories.make_function(app, [org.employee, org.colleague, org.other_employee])


@pytest.fixture
def make_conversation(app, org, cycle_id):
    def make(employee_id: int | None = None, manager_id: int | None = None, **fields) -> int:
        return factories.make_conversation(
            app,
            employee_id or org.employee,
            manager_id or org.manager,
            cycle_id,
            **fields,
        )

    return make
