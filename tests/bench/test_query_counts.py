"""The pages of the benchmark take as many SQL statements for a small as for a larger organisation.

`make bench` times these pages at 10,000 employees; this guard generates 60 and 300 and demands
the same statement count per page, so that no page's queries grow with the organisation. Every
page of the benchmark is guarded, the HR pages included; a page whose endpoint is gone fails.
"""

from dataclasses import replace
from datetime import date

import pytest

from benchmarks.generate import generate, reset_database
from benchmarks.pages import (
    PAGES,
    Known,
    MissingEndpoint,
    add_baseline_page,
    find_known,
    page_query_counts,
    page_url,
)

SIZES = (60, 300)


def generated_on() -> date:
    """The day the organisations are generated as of: fixed, so that their conversations stand
    the same (held, signed) whatever the day the suite runs, in the current year's cycle."""
    return date(date.today().year, 11, 16)


def test_page_query_counts_do_not_grow_with_the_organisation(app):
    add_baseline_page(app)
    counts = {}
    for employees in SIZES:
        with app.app_context():
            reset_database()
            generate(employees, seed=2, today=generated_on(), functions=12, competencies=10)
            known = find_known()
        counts[employees] = page_query_counts(app, known)

    small, large = (counts[size] for size in SIZES)
    assert set(small) == {page.key for page in PAGES}
    assert {key for key in small if key.startswith("hr_")} == {
        "hr_dashboard",
        "hr_dashboard_department",
        "hr_functions",
    }
    assert small == large


def test_a_page_whose_endpoint_is_gone_fails_the_guard(app):
    renamed = replace(PAGES[1], endpoint="plan.no_such_page")
    known = Known(0, 0, 0, 0, 0, 0, [], 0, None)
    with pytest.raises(MissingEndpoint, match="no_such_page"):
        page_url(app, renamed, known)
