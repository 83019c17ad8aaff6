"""The pages of the benchmark take as many SQL statements for a small as for a larger organisation.

`make bench` times these pages at 10,000 employees; this guard generates 60 and 300 and demands
the same statement count per page, so that no page's queries grow with the organisation.
"""

from benchmarks.generate import generate, reset_database
from benchmarks.pages import find_known, page_query_counts

SIZES = (60, 300)
ALWAYS_THERE = {"my_pop", "goal", "team", "employee_file", "conversation", "catalogue"}


def test_page_query_counts_do_not_grow_with_the_organisation(app):
    counts = {}
    for employees in SIZES:
        with app.app_context():
            reset_database()
            generate(employees, seed=2, functions=12, competencies=10)
            known = find_known()
        counts[employees] = page_query_counts(app, known)

    small, large = (counts[size] for size in SIZES)
    assert set(small) >= ALWAYS_THERE
    assert small == large
