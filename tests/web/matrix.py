"""What the matrices of single areas share: one route walked as one kind of visitor.

Each matrix has its `VISITORS` (names, in order), a `setting` with the person behind each name
(None for anonymous) and the ids the URLs need, and its `ROUTES`: per route name the method, the
URL template and the status each visitor must get, in the order of `VISITORS`.

The stand-ins of a matrix walk a route one after the other on one setting
(`assert_route_answers_in_turn`), so that they add a test per route, not one per visitor: the
expired stand-in goes first, as it changes nothing.
"""

STAND_INS = ("expired_stand_in", "stand_in")


def assert_route_answers(client, login, setting, routes, route, visitors, visitor) -> None:
    method, template, expected_by_visitor = routes[route]
    person = setting["visitors"][visitor]
    if person is not None:
        login(person)
    url = template.format(**setting)
    response = client.get(url) if method == "GET" else client.post(url, data={})
    try:
        expected = expected_by_visitor[visitors.index(visitor)]
        assert response.status_code == expected, f"{visitor} on {route}"
        if visitor == "anonymous":
            assert response.headers["Location"].startswith("/auth/login")
    finally:
        response.close()


def assert_route_answers_in_turn(client, login, setting, routes, route, visitors, walkers) -> None:
    """`route` walked by each of `walkers` in turn, logged out in between."""
    for visitor in walkers:
        assert_route_answers(client, login, setting, routes, route, visitors, visitor)
        client.post("/auth/logout")
