"""Generated bad input on every form and every id route, as each kind of visitor: never a 500.

The routes come from the two matrices (ROUTES and POST_ROUTES), so a new route is fuzzed as
soon as it is listed there. The fields of each form are read from the pages that show it.
Most examples send a valid form (what the page offers, or plausible typing for an empty
field) with one or two fields spoilt — huge, empty, negative, beyond 64 bits, control
characters, a date that does not exist, several values for one field — or left out, so that
the request reaches the code behind the form; the others are random throughout. Ids in
paths and query parameters (those of the pages' filter forms and links, and those views
read) get the same treatment.

The profile is fixed (derandomised, a bounded number of examples per route) so that CI is
repeatable and the test takes a few minutes per database.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.web.test_access_matrix import ROUTES
from tests.web.test_post_matrix import POST_ROUTES, _post_rules, _url, post_objects, visitors

__all__ = ["post_objects", "visitors"]  # fixtures of the POST matrix, used here too

ROLES = ("employee", "manager", "hr", "scoped_hr", "admin")
# Posted after the others: they end what the others work on (the goal, the report, the
# session), in this order.
LAST = (
    "plan.stop",
    "plan.complete",
    "conversations.sign_as_employee",
    "conversations.sign_as_manager",
    "privacy.anonymise_person",
    "cycles.close_cycle",
    "auth.logout",
)
# Query parameters views read that no page's form or link shows with the fixture's data.
KNOWN_QUERY_PARAMETERS = (
    "page",
    "object_id",
    "tip",
    "manager_id",
    "medewerker",
    "leidinggevende",
    "soort",
    "oordeel",
    "competentie",
    "status",
    "next",
)
BEYOND_64_BITS = (str(2**63), str(2**64), "9" * 30, str(-(2**63) - 1))
BAD_NUMBERS = ("-1", "0", "1e30", "NaN", "inf", "1.5", " 7 ", "0x10", "٣", *BEYOND_64_BITS)
BAD_DATES = ("2026-13-45", "0000-00-00", "9999-12-31", "0001-01-01", "31-12-2026", "2026-02-30")
HUGE = ("x" * 70_000, "é" * 20_001, "a\n" * 30_000)
CONTROL = ("\x00", "a\r\nb", "\x1b[31m", "\x7f", "\u2028", "\ufeff", "\t\v\f")
POST_EXAMPLES = 15
ID_EXAMPLES = 3
QUERY_EXAMPLES = 2
# What a person would type into an empty field of this kind: the rest of the form is valid.
PLAUSIBLE = {
    "text": "Helder en beknopt schrijven voor bewoners",
    "textarea": "Ik heb drie brieven herschreven en de reacties van bewoners besproken.",
    "date": date.today().isoformat(),
    "number": "50",
    "email": "nieuw.persoon@pop.example",
    "url": "https://intranet.example/bewijs",
    "password": "test-password-42",
    "hidden": "",
    "select": "",
}
END_DATES = [date(date.today().year, 12, 31).isoformat(), f"{date.today().year + 1}-01-31"]
SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class Form:
    """The fields of one form: name → values the page offers (first: the one it shows)."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)

    def add(self, name: str, value: str, kind: str = "text") -> None:
        self.fields.setdefault(name, [])
        self.kinds.setdefault(name, kind)
        if value not in self.fields[name]:
            self.fields[name].append(value)

    def plausible(self, name: str) -> list[str]:
        """Values a person could send: what the page offers, or for an empty field, typing."""
        offered = [value for value in self.fields[name] if value]
        kind = self.kinds[name]
        if kind == "date" and any(word in name for word in ("end", "deadline", "due")):
            return offered or END_DATES  # within the cycle (goals) or after it began (cycles)
        return offered or [PLAUSIBLE.get(kind, PLAUSIBLE["text"])]


def _read_forms(markup: str, page_path: str, posts: dict[str, Form], queries: Form) -> None:
    soup = BeautifulSoup(markup, "html.parser")
    for form in soup.find_all("form"):
        method = (form.get("method") or "get").lower()
        action = urlsplit(form.get("action") or page_path)
        target = queries if method == "get" else posts.setdefault(action.path, Form())
        for name, value in parse_qsl(action.query):
            target.add(name, value)
        for element in form.find_all(["input", "textarea", "select", "button"]):
            name = element.get("name")
            if not name or name == "csrf_token":
                continue
            if element.name == "select":
                for option in element.find_all("option"):
                    target.add(name, option.get("value", option.get_text()), "select")
            elif element.name == "textarea":
                target.add(name, element.get_text().strip(), "textarea")
            elif element.get("type") == "file":
                target.files.add(name)
            else:
                target.add(name, element.get("value", ""), element.get("type", "text"))
    for link in soup.find_all("a", href=True):
        for name, value in parse_qsl(urlsplit(link["href"]).query):
            queries.add(name, value)


_FORMS: dict[str, tuple[dict[str, Form], Form]] = {}


def _forms_on_pages(client, login, visitors, objects) -> tuple[dict[str, Form], Form]:
    """Every form the pages of ROUTES show to the visitors who may use them (cached per run)."""
    if "all" not in _FORMS:
        posts: dict[str, Form] = {}
        queries = Form()
        for visitor in ("employee", "manager", "hr", "admin"):
            login(visitors[visitor])
            for template, _ in ROUTES.values():
                if template.endswith(".pdf"):
                    continue  # the print view's page has the forms; the PDF has none
                path = template.format(**objects)
                response = client.get(path)
                if response.mimetype == "text/html":
                    _read_forms(response.text, path, posts, queries)
                response.close()
            client.post("/auth/logout")
        for name in KNOWN_QUERY_PARAMETERS:
            queries.add(name, "1")
        _FORMS["all"] = (posts, queries)
    return _FORMS["all"]


# --- generated values ---------------------------------------------------------------------


def _text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=40),
        st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"]), max_size=8),
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.sampled_from(("", " ", *BAD_NUMBERS, *BAD_DATES, *HUGE, *CONTROL)),
    )


def _value(offered: list[str]) -> st.SearchStrategy[str | list[str] | None]:
    """None: leave the field out; a list: the field sent several times."""
    good = st.sampled_from(offered) if offered else st.just("")
    return st.one_of(
        good,
        good,
        _text(),
        st.none(),
        st.lists(st.one_of(good, _text()), min_size=2, max_size=3),
    )


def _form_data(form: Form | None, fallback: Form) -> st.SearchStrategy[tuple[dict, dict]]:
    """Mostly a valid form with one or two fields spoilt or left out; sometimes all at random.

    A form no page showed gets every field name seen anywhere.
    """
    if form is None or not (form.fields or form.files):
        form = Form(fallback.fields, fallback.kinds)
    names = sorted(form.fields)
    valid = st.fixed_dictionaries({name: st.sampled_from(form.plausible(name)) for name in names})
    spoilt = st.one_of(_text(), st.none(), st.lists(_text(), min_size=2, max_size=3))

    @st.composite
    def one_spoilt(draw):
        values = draw(valid)
        if names:
            for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True)):
                values[name] = draw(spoilt)
        return values

    random = st.fixed_dictionaries({name: _value(form.fields[name]) for name in names})
    values = st.one_of(one_spoilt(), valid, one_spoilt(), random, one_spoilt(), valid)
    uploads = st.fixed_dictionaries(
        {name: st.one_of(st.none(), st.binary(max_size=200)) for name in sorted(form.files)}
    )
    return st.tuples(values, uploads)


def _query(queries: Form) -> st.SearchStrategy[list[tuple[str, str]]]:
    """Up to four query parameters, each with a value some page uses or a generated one."""
    pair = st.sampled_from(sorted(queries.fields)).flatmap(
        lambda name: st.tuples(
            st.just(name), st.one_of(st.sampled_from(queries.plausible(name)), _text())
        )
    )
    return st.lists(pair, max_size=4)


def _id() -> st.SearchStrategy[str | None]:
    """None (mostly): the fixture's real object, so that the form behind it is reached."""
    return st.one_of(
        st.none(),
        st.none(),
        st.none(),
        st.none(),
        st.sampled_from(("0", "1", "2", "3", str(2**63 - 1), *BEYOND_64_BITS, "-1", "abc")),
    )


def _path(template: str, ids: dict[str, str | None], objects: dict) -> str:
    values = {key: ids.get(key) or str(value) for key, value in objects.items()}
    return template.format(**values)


def _encode(values: dict, uploads: dict) -> MultiDict:
    data = MultiDict()
    for name, value in values.items():
        if value is None:
            continue
        for one in value if isinstance(value, list) else [value]:
            data.add(name, one)
    for name, content in uploads.items():
        if content is not None:
            data.add(name, (io.BytesIO(content), "bestand.txt"))
    return data


def _failure(response) -> str | None:
    if response.status_code == 500:
        return "500"
    if response.mimetype.startswith("text/") and "Traceback" in response.get_data(as_text=True):
        return "traceback in the body"
    return None


# --- the tests ----------------------------------------------------------------------------

ID_NAMES = re.compile(r"\{(\w+)\}")


def _fuzz(label: str, strategy, request, max_examples: int, failures: list[str]) -> None:
    """Run `request(value)` for generated values; note the first failure of this route."""

    @settings(SETTINGS, max_examples=max_examples)
    @given(strategy)
    def examples(value):
        problem = request(value)
        assert problem is None, problem

    try:
        examples()
    except AssertionError as error:
        failures.append(f"{label}: {error}".splitlines()[0])
    except Exception as error:  # a propagated exception is what the visitor would see as a 500
        failures.append(f"{label}: raised {error!r:.300}")


def _send(client, method: str, url: str, data=None) -> str | None:
    response = client.open(url, method=method, data=data)
    try:
        problem = _failure(response)
    finally:
        response.close()
    return f"{method} {url[:150]} answered {problem}" if problem else None


@pytest.mark.parametrize("role", ROLES)
def test_generated_input_never_gives_500(app, client, login, visitors, post_objects, role):
    posts, queries = _forms_on_pages(client, login, visitors, post_objects)
    every_field = Form()
    for form in posts.values():
        for name, offered in form.fields.items():
            for value in offered:
                every_field.add(name, value, form.kinds[name])
    query = _query(queries)
    failures: list[str] = []
    login(visitors[role])

    for endpoint, (template, _) in sorted(ROUTES.items()):
        if endpoint.startswith("scim."):
            continue  # bearer tokens: tests/scim fuzz nothing, a session gets 401 throughout
        names = ID_NAMES.findall(template)
        if names:
            ids = st.fixed_dictionaries({name: _id() for name in names})
            _fuzz(
                endpoint,
                ids,
                lambda ids, t=template: _send(client, "GET", _path(t, ids, post_objects)),
                ID_EXAMPLES,
                failures,
            )
        if template.endswith(".pdf"):
            continue  # a PDF reads no query parameters, and rendering one is slow
        _fuzz(
            f"{endpoint} query",
            query,
            lambda pairs, t=template: _send(
                client, "GET", f"{t.format(**post_objects)}?{urlencode(pairs)}"
            ),
            QUERY_EXAMPLES,
            failures,
        )

    post_rules = _post_rules(app)
    for endpoint in sorted(set(POST_ROUTES) - set(LAST)) + list(LAST):
        rule = post_rules[endpoint]
        form = posts.get(_url(rule, post_objects))
        payload = st.tuples(
            st.fixed_dictionaries({argument: _id() for argument in rule.arguments}),
            _form_data(form, every_field),
        )

        def post(payload, rule=rule):
            ids, (values, uploads) = payload
            url = _url(rule, {**post_objects, **{k: v for k, v in ids.items() if v}})
            return _send(client, "POST", url, _encode(values, uploads))

        _fuzz(endpoint, payload, post, POST_EXAMPLES, failures)
    assert not failures, "\n".join(failures)
