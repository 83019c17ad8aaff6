"""`row_url` gives the URL `url_for` gives, whatever the values, in any order of requests."""

import pytest
from flask import url_for

from pop.row_urls import row_url

CASES = [
    ("team.person", {"person_id": 7}),
    ("team.person", {"person_id": 123456}),
    ("conversations.conversation", {"conversation_id": 42}),
    ("conversations.new", {"medewerker": 3, "soort": "beoordeling"}),
    ("conversations.new", {"soort": "planning", "medewerker": 3}),
    ("conversations.new", {"medewerker": 3, "soort": "a b&c=d"}),  # not plain: url_for itself
    ("conversations.new", {"medewerker": 3, "soort": "é"}),
    ("conversations.new", {"medewerker": True, "soort": "x"}),
    ("conversations.new", {"medewerker": 987654301, "soort": "987654302"}),
    ("team.person", {"person_id": 5, "_anchor": "doelen"}),
    ("team.index", {}),
    ("team.index", {"sorteer": "naam", "richting": "af"}),
]


@pytest.mark.parametrize(("endpoint", "values"), CASES)
def test_row_url_is_url_for(app, endpoint, values):
    with app.test_request_context("/team/"):
        for _ in range(2):  # the pattern's first use and its reuse
            assert row_url(endpoint, **values) == url_for(endpoint, **values)


def test_every_row_gets_its_own_values(app):
    with app.test_request_context("/team/"):
        urls = [row_url("conversations.new", medewerker=i, soort=f"k{i}") for i in range(50)]
        assert urls == [
            url_for("conversations.new", medewerker=i, soort=f"k{i}") for i in range(50)
        ]
        assert len(set(urls)) == 50


def test_a_value_a_path_cannot_hold_goes_to_url_for(app):
    with app.test_request_context("/team/"):
        assert row_url("team.person", person_id="12") == url_for("team.person", person_id="12")
