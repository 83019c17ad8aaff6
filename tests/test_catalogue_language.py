"""Catalogue text is Dutch: on an English page it sits in an element with lang="nl".

Every HTML page of the access matrix is opened by every visitor who may see it, in English and
in Dutch. In English each text that comes from the catalogue (function, result areas, levels,
competency, indicators, questions, tips) must have lang="nl" on itself or an ancestor; in Dutch
no element repeats the page's own language.
"""

from datetime import date

import pytest
from bs4 import Comment, NavigableString

from pop.extensions import db
from pop.models import (
    Agreement,
    BehaviourIndicator,
    Competency,
    Conversation,
    ConversationKind,
    ConversationRating,
    ConversationStatus,
    DevelopmentTip,
    FeedbackRequest,
    FunctionLevel,
    Goal,
    InterviewQuestion,
    JobFunction,
    ResultArea,
    User,
)
from tests.html import page
from tests.web.conftest import objects  # noqa: F401  (fixture)
from tests.web.matrix import STAND_INS
from tests.web.test_access_matrix import ROUTES, VISITORS

FUNCTION_PURPOSE = "Je adviseert bewoners over de dienstverlening van de gemeente."
CORE_ACTIVITY = "Bewoners adviseren"
RESULT = "Bewoners weten waar ze aan toe zijn."
FRAMEWORK = "Wet dienstverlening bewoners"
ACTIVITY = "Spreekuren houden in de wijk"
LEVEL = "Senior adviseur"
DESCRIPTION = "Je helpt klanten snel en vriendelijk verder."
INDICATOR = "Vraagt door naar de wens van de klant."
QUESTION = "Wanneer heb je een klant echt verder geholpen?"
TIP = "Loop een dag mee met de klantenservice en noteer wat opvalt."
# From tests/web/conftest.py: the function's title and the competency's name.
FUNCTION_TITLE = "Adviseur"
COMPETENCY_NAME = "Klantgerichtheid"
CATALOGUE_TEXTS = (
    FUNCTION_TITLE,
    FUNCTION_PURPOSE,
    CORE_ACTIVITY,
    RESULT,
    FRAMEWORK,
    ACTIVITY,
    LEVEL,
    COMPETENCY_NAME,
    DESCRIPTION,
    INDICATOR,
    QUESTION,
    TIP,
)
# The pages that show catalogue text, with what each must show at least.
MUST_SHOW = {
    "catalogue.function": {FUNCTION_PURPOSE, CORE_ACTIVITY, LEVEL, INDICATOR, QUESTION, TIP},
    "catalogue.my_function": {FUNCTION_PURPOSE, COMPETENCY_NAME, TIP},
    "catalogue.competency": {COMPETENCY_NAME, DESCRIPTION, INDICATOR, QUESTION, TIP},
    "catalogue.competencies": {COMPETENCY_NAME, FUNCTION_TITLE},
    "catalogue.index": {FUNCTION_TITLE},
    "catalogue.edit_competency": {DESCRIPTION},
    "plan.tips": {FUNCTION_TITLE, COMPETENCY_NAME, TIP},
    "plan.my_pop": {COMPETENCY_NAME},
    "plan.goal": {COMPETENCY_NAME, TIP},
    "plan.printable": {COMPETENCY_NAME},
    "team.index": {FUNCTION_TITLE},
    "team.person": {FUNCTION_PURPOSE, COMPETENCY_NAME, DESCRIPTION, INDICATOR, QUESTION},
    "team.ratings_history": {COMPETENCY_NAME},
    "conversations.prepare": {FUNCTION_TITLE, COMPETENCY_NAME, QUESTION},
    "conversations.record": {COMPETENCY_NAME, INDICATOR},
    "conversations.self_assessment (planned)": {COMPETENCY_NAME, DESCRIPTION, INDICATOR},
    "conversations.prepare (planned)": {COMPETENCY_NAME, QUESTION},
    "team.index (matrix)": {COMPETENCY_NAME},
    "feedback.answer (giver)": {COMPETENCY_NAME, DESCRIPTION, INDICATOR},
    "conversations.conversation": {COMPETENCY_NAME},
    "conversations.report": {COMPETENCY_NAME},
    "hr.overview_people": {FUNCTION_TITLE, LEVEL},
    "hr.overview_goals": {COMPETENCY_NAME},
    "people.index": {FUNCTION_TITLE},
}
SKIPPED = {"mfa.code", "account.set_password"}
# Pages in a state the matrix's objects do not have: (address, who opens it).
EXTRA = {
    "team.index (matrix)": ("/team/?weergave=matrix", "manager"),
    "conversations.self_assessment (planned)": ("/gesprekken/{planned}/zelfevaluatie", "employee"),
    "conversations.prepare (planned)": ("/gesprekken/{planned}/voorbereiden", "manager"),
    "feedback.answer (giver)": ("/feedback/{request}", "colleague"),
}


@pytest.fixture
def catalogue(app, org, objects):  # noqa: F811
    """The matrix's function and competency with every kind of catalogue text, in use."""
    with app.app_context():
        function = db.session.get(JobFunction, objects["function"])
        competency = db.session.get(Competency, objects["competency"])
        function.purpose = FUNCTION_PURPOSE
        function.result_areas = [
            ResultArea(
                position=1,
                core_activity=CORE_ACTIVITY,
                result=RESULT,
                frameworks=[FRAMEWORK],
                activities=[ACTIVITY],
            )
        ]
        level = FunctionLevel(position=1, name=LEVEL, scale="10")
        function.levels = [level]
        competency.description = DESCRIPTION
        indicator = BehaviourIndicator(position=1, text=INDICATOR)
        tip = DevelopmentTip(position=1, text=TIP)
        competency.indicators = [indicator]
        competency.questions = [InterviewQuestion(position=1, text=QUESTION)]
        competency.tips = [tip]
        db.session.flush()
        db.session.get(User, org.employee).function_level = level
        goal = db.session.get(Goal, objects["goal"])
        goal.competency = competency
        goal.source_tip = tip
        conversation = db.session.get(Conversation, objects["conversation"])
        conversation.ratings = [
            ConversationRating(competency=competency, score=4),
            ConversationRating(competency=competency, indicator=indicator, score=3),
        ]
        conversation.agreements = [
            Agreement(what="Een training volgen", due_on=date.today(), competency=competency)
        ]
        planned = Conversation(
            employee_id=org.employee,
            manager_id=org.manager,
            cycle_id=conversation.cycle_id,
            kind=ConversationKind.REVIEW.value,
            status=ConversationStatus.PLANNED.value,
            planned_on=date.today(),
            rating_scale=conversation.rating_scale,
        )
        db.session.add(planned)
        db.session.flush()
        # The colleague's feedback is asked for the conversation still to come.
        db.session.get(FeedbackRequest, objects["request"]).conversation_id = planned.id
        db.session.commit()
        return {**objects, "planned": planned.id}


def set_language(app, language: str | None) -> None:
    with app.app_context():
        for user in db.session.scalars(db.select(User)):
            user.language = language
        db.session.commit()


def pages_of(client, org, login, visited):
    """(endpoint, visitor, parsed page) for every HTML page each visitor may open. The stand-ins
    open the pages their manager does, which the manager's visit reads already."""
    for visitor in (*(name for name in VISITORS[1:] if name not in STAND_INS), "colleague"):
        with client.session_transaction() as session:
            session.clear()
        login(getattr(org, visitor))
        visits = [
            (endpoint, template)
            for endpoint, (template, expected) in sorted(ROUTES.items())
            if endpoint not in SKIPPED
            and visitor in VISITORS
            and expected[VISITORS.index(visitor)] == 200
        ]
        visits += [(name, template) for name, (template, who) in EXTRA.items() if who == visitor]
        for endpoint, template in visits:
            response = client.get(template.format(**visited))
            if "text/html" not in response.content_type:
                continue
            assert response.status_code == 200, f"{endpoint} as {visitor}"
            yield endpoint, visitor, page(response)


def language_of(node) -> str | None:
    for element in (node, *node.parents):
        if getattr(element, "attrs", None) and "lang" in element.attrs:
            return element["lang"]
    return None


def catalogue_strings(document):
    """(catalogue text, text node) for every text of the page that holds catalogue text."""
    body = document.body or document
    for node in body.find_all(string=True):
        if isinstance(node, Comment) or not isinstance(node, NavigableString):
            continue
        if node.parent.name in ("script", "style", "title"):
            continue
        for known in CATALOGUE_TEXTS:
            if known in node:
                yield known, node


def test_catalogue_text_is_marked_dutch_on_english_pages(app, client, org, login, catalogue):
    set_language(app, "en")
    unmarked, seen = [], {}
    for endpoint, visitor, document in pages_of(client, org, login, catalogue):
        assert document.html["lang"] == "en", f"{endpoint} as {visitor} is not in English"
        for known, node in catalogue_strings(document):
            seen.setdefault(endpoint, set()).add(known)
            if language_of(node.parent) != "nl":
                unmarked.append(f"{endpoint}: {node.strip()[:70]!r}")
    assert not unmarked, f"{len(unmarked)} catalogue texts without lang=nl:\n" + "\n".join(
        sorted(set(unmarked))
    )
    missing = {
        endpoint: sorted(wanted - seen.get(endpoint, set()))
        for endpoint, wanted in MUST_SHOW.items()
        if wanted - seen.get(endpoint, set())
    }
    assert not missing, f"pages that no longer show their catalogue text: {missing}"


def test_dutch_pages_carry_no_redundant_language(app, client, org, login, catalogue):
    set_language(app, "nl")
    redundant, seen = [], set()
    for endpoint, visitor, document in pages_of(client, org, login, catalogue):
        assert document.html["lang"] == "nl"
        seen |= {known for known, _node in catalogue_strings(document)}
        for element in document.html.find_all(attrs={"lang": "nl"}):
            redundant.append(
                f"{endpoint} as {visitor}: <{element.name}> {element.get_text()[:50]!r}"
            )
    assert seen == set(CATALOGUE_TEXTS)
    assert not redundant, "\n".join(sorted(set(redundant)))
