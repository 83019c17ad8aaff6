"""What the matrices of single areas share: one route walked as one kind of visitor.

Each matrix has its `VISITORS` (names, in order), a `setting` with the person behind each name
(None for anonymous) and the ids the URLs need, and its `ROUTES`: per route name the method, the
URL template and the status each visitor must get, in the order of `VISITORS`.
"""


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
