"""The one place that says who may see or change what, and builds scoped queries.

Out of scope is 404, so that existence does not leak; visible but not editable is 403.
Views never check roles by hand: they call a loader or a scope from here.
"""

from flask import abort
from sqlalchemy import Select, bindparam, false, select, true
from sqlalchemy.sql.elements import ColumnElement

from pop.access_catalogue import get_competency_or_404 as get_competency_or_404
from pop.access_catalogue import get_editable_competency_or_404 as get_editable_competency_or_404
from pop.access_catalogue import get_editable_function_or_404 as get_editable_function_or_404
from pop.access_catalogue import get_function_or_404 as get_function_or_404
from pop.access_catalogue import get_tip_or_404 as get_tip_or_404
from pop.access_catalogue import may_edit_catalogue as may_edit_catalogue
from pop.access_catalogue import require_catalogue_editor as require_catalogue_editor
from pop.access_support import (
    LoadOptions,
    ScopeTerms,
    allowed_or_403,
    one_or_404,
    roles_required,
    scope_terms,
    scoped_one_or_404,
)
from pop.access_support import acting_manager_ids as acting_manager_ids
from pop.access_support import department_subtree_ids as department_subtree_ids
from pop.access_support import get_cycle_or_404 as get_cycle_or_404
from pop.access_support import hr_department_ids as hr_department_ids
from pop.access_support import leads_a_team as leads_a_team
from pop.access_support import remember_standing_in as remember_standing_in
from pop.access_support import standing_in_today as standing_in_today
from pop.access_support import team_lead_required as team_lead_required
from pop.extensions import db
from pop.models import (
    Agreement,
    CheckIn,
    Conversation,
    Department,
    Goal,
    Notification,
    Role,
    SecondAssessment,
    User,
)

hr_required = roles_required(Role.HR, Role.ADMIN)


def may_arrange_stand_in(viewer: User, manager: User) -> bool:  # the manager, or HR
    return viewer.id == manager.id or (viewer.is_hr and can_see_person(viewer, manager))


def may_administer_cycles(viewer: User) -> bool:
    """Opening and closing a cycle changes everyone's POP: HR for the whole organisation only."""
    return viewer.is_hr and hr_department_ids(viewer) is None


# Each scope is written once, on ScopeTerms: the viewer's own values (`scope_terms`), or the
# bound parameters of a statement built once per kind of viewer (`scoped_one_or_404`).


def people_scope(viewer: User) -> ColumnElement[bool]:
    """A WHERE clause on User selecting the people `viewer` may see."""
    return _people(scope_terms(viewer))


def _people(terms: ScopeTerms) -> ColumnElement[bool]:
    if terms.is_hr:
        if terms.organisation_wide:
            return true()
        return User.department_id.in_(terms.departments) | (User.id == terms.viewer_id)
    if terms.leads_a_team:  # a stand-in leads the absent manager's team too
        return (User.id == terms.viewer_id) | User.manager_id.in_(terms.led)
    return User.id == terms.viewer_id


def visible_people(viewer: User) -> Select:
    return select(User).where(people_scope(viewer))


def managed_people(viewer: User) -> Select:
    """People whose records `viewer` may change in the people admin (HR in scope)."""
    if not viewer.is_hr:
        return select(User).where(false())
    return select(User).where(people_scope(viewer))


def can_see_person(viewer: User, person: User) -> bool:
    query = select(User.id).where(User.id == person.id, people_scope(viewer))
    return db.session.scalar(query) is not None


def get_person_or_404(viewer: User, person_id: int, options: LoadOptions = ()) -> User:
    return one_or_404(visible_people(viewer).where(User.id == person_id), options)


def get_managed_person_or_404(viewer: User, person_id: int, options: LoadOptions = ()) -> User:
    """A person HR may edit; 404 for anyone out of the viewer's scope."""
    return one_or_404(managed_people(viewer).where(User.id == person_id), options)


def get_team_lead_or_404(viewer: User, manager_id: int) -> User:
    """A manager whose team the viewer filters on (the HR drill-down): someone the viewer
    sees, or the manager of someone the viewer sees (whose row already names them); 404 for
    any other, so that an id does not reveal the name of a manager out of scope."""
    leads_someone_visible = db.session.scalar(
        select(User.id).where(User.manager_id == manager_id, people_scope(viewer)).limit(1)
    )
    if leads_someone_visible is None:
        return get_person_or_404(viewer, manager_id)
    return one_or_404(select(User).where(User.id == manager_id))


def visible_departments(viewer: User) -> Select:
    allowed = hr_department_ids(viewer)
    query = select(Department).order_by(Department.name)
    return query if allowed is None else query.where(Department.id.in_(allowed))


# --- notifications -----------------------------------------------------------------------------


def get_own_notification_or_404(viewer: User, notification_id: int) -> Notification:
    """Notifications are personal: anyone else's is 404, for HR too."""
    return one_or_404(
        select(Notification).where(
            Notification.id == notification_id, Notification.recipient_id == viewer.id
        )
    )


# --- goals -------------------------------------------------------------------------------------


def _goals(terms: ScopeTerms) -> ColumnElement[bool]:
    """A WHERE clause on Goal: own goals, a manager's team's goals, HR's people's goals."""
    visible_employees = select(User.id).where(_people(terms))
    return Goal.employee_id.in_(visible_employees.scalar_subquery())


def _goal_statement(terms: ScopeTerms) -> Select:
    return select(Goal).where(Goal.id == bindparam("goal_id"), _goals(terms))


def get_goal_or_404(viewer: User, goal_id: int, options: LoadOptions = ()) -> Goal:
    return scoped_one_or_404(_goal_statement, viewer, options, goal_id=goal_id)


def is_goal_owner(viewer: User, goal: Goal) -> bool:
    return goal.employee_id == viewer.id


def is_goal_manager(viewer: User, goal: Goal) -> bool:
    return goal.employee.manager_id in acting_manager_ids(viewer)


def may_edit_goal(viewer: User, goal: Goal) -> bool:
    return is_goal_owner(viewer, goal) and not goal.goal_status.is_final


def may_comment_on_goal(viewer: User, goal: Goal) -> bool:
    return is_goal_owner(viewer, goal) or is_goal_manager(viewer, goal)


def get_editable_goal_or_404(viewer: User, goal_id: int) -> Goal:
    """The owner's goal for changing; 404 out of scope, 403 when only readable."""
    goal = get_goal_or_404(viewer, goal_id)
    return allowed_or_403(goal, may_edit_goal(viewer, goal))


def get_commentable_goal_or_404(viewer: User, goal_id: int) -> Goal:
    goal = get_goal_or_404(viewer, goal_id)
    return allowed_or_403(goal, may_comment_on_goal(viewer, goal))


def get_managed_goal_or_404(viewer: User, goal_id: int) -> Goal:
    """A goal the viewer decides on as the employee's manager; 403 for other readers."""
    goal = get_goal_or_404(viewer, goal_id)
    return allowed_or_403(goal, is_goal_manager(viewer, goal))


def _check_in_statement(terms: ScopeTerms) -> Select:
    return select(CheckIn).join(Goal).where(CheckIn.id == bindparam("check_in_id"), _goals(terms))


def get_check_in_or_404(viewer: User, check_in_id: int) -> CheckIn:
    return scoped_one_or_404(_check_in_statement, viewer, check_in_id=check_in_id)


# --- conversations ---------------------------------------------------------------------------


def is_direct_report(viewer: User, person: User) -> bool:  # or a stand-in's, today
    return person.manager_id in acting_manager_ids(viewer)


def _team_members(terms: ScopeTerms) -> ColumnElement[bool]:
    """A WHERE clause on User: the viewer's direct reports, and for HR the people in scope."""
    clause = User.manager_id.in_(terms.led)
    if terms.is_hr:
        if terms.organisation_wide:
            return true()
        clause = clause | User.department_id.in_(terms.departments)
    return clause


def _team_member_statement(terms: ScopeTerms) -> Select:
    return select(User).where(
        User.id == bindparam("person_id"), User.id != terms.viewer_id, _team_members(terms)
    )


def may_open_employee_file(viewer: User, person: User) -> bool:
    """Whether `viewer` may open `person`'s file (the team page): the rule of
    `get_team_member_or_404`, for templates that link to it."""
    if person.id == viewer.id:
        return False
    if is_direct_report(viewer, person):
        return True
    if not viewer.is_hr:
        return False
    allowed = hr_department_ids(viewer)
    return allowed is None or person.department_id in allowed


def get_team_member_or_404(viewer: User, person_id: int, options: LoadOptions = ()) -> User:
    """An employee's file: for their manager, and for HR within its scope; 404 for anyone else."""
    return scoped_one_or_404(_team_member_statement, viewer, options, person_id=person_id)


def get_file_of_direct_report_or_404(
    viewer: User, person_id: int, options: LoadOptions = ()
) -> User:
    """A team member's file where only their own manager may look (ratings over time)."""
    person = get_team_member_or_404(viewer, person_id, options)
    return allowed_or_403(person, is_direct_report(viewer, person))


def _conversations(terms: ScopeTerms) -> ColumnElement[bool]:
    """A WHERE clause on Conversation: one's own, those one leads or of one's team, HR's people."""
    if terms.is_hr and terms.organisation_wide:
        return true()
    team = select(User.id).where(User.manager_id.in_(terms.led)).scalar_subquery()
    second = select(SecondAssessment.conversation_id).where(
        SecondAssessment.assessor_id == terms.viewer_id
    )
    clause = (
        (Conversation.employee_id == terms.viewer_id)
        | Conversation.manager_id.in_(terms.led)
        | Conversation.employee_id.in_(team)
        | Conversation.id.in_(second.scalar_subquery())
    )
    if terms.is_hr:
        in_scope = select(User.id).where(User.department_id.in_(terms.departments))
        clause = clause | Conversation.employee_id.in_(in_scope.scalar_subquery())
    return clause


def _conversation_statement(terms: ScopeTerms) -> Select:
    return select(Conversation).where(
        Conversation.id == bindparam("conversation_id"), _conversations(terms)
    )


def get_conversation_or_404(
    viewer: User, conversation_id: int, options: LoadOptions = ()
) -> Conversation:
    return scoped_one_or_404(
        _conversation_statement, viewer, options, conversation_id=conversation_id
    )


def is_conversation_manager(viewer: User, conversation: Conversation) -> bool:
    return conversation.manager_id in acting_manager_ids(viewer)


def is_conversation_employee(viewer: User, conversation: Conversation) -> bool:
    return conversation.employee_id == viewer.id


def may_see_private_notes(viewer: User, conversation: Conversation) -> bool:
    """Preparation notes are the conversation manager's own: not a stand-in's, nobody's."""
    return conversation.manager_id == viewer.id


def is_second_assessor(viewer: User, conversation: Conversation) -> bool:
    second = conversation.second_assessment
    return second is not None and second.assessor_id == viewer.id


def is_hr_for(viewer: User, person: User) -> bool:
    """HR whose scope holds the person's department (the whole organisation: everyone)."""
    allowed = hr_department_ids(viewer)
    return viewer.is_hr and (allowed is None or person.department_id in allowed)


def may_name_second_assessor(viewer: User, conversation: Conversation) -> bool:
    return is_hr_for(viewer, conversation.employee)  # HR for the employee's department


def may_read_report(viewer: User, conversation: Conversation) -> bool:
    """Notes, ratings, agreements: the two who held it, the employee's current manager, and the
    second assessor. HR sees a conversation's status and overall judgement, not its contents."""
    return (
        is_conversation_manager(viewer, conversation)
        or is_conversation_employee(viewer, conversation)
        or is_direct_report(viewer, conversation.employee)
        or is_second_assessor(viewer, conversation)
    )


def get_second_assessment_page_or_404(
    viewer: User, conversation_id: int, *, assessor: bool = True, hr: bool = True
) -> Conversation:
    """A conversation as its second assessor (`assessor`) or HR who names them (`hr`) acts on
    it; 403 for other readers."""
    conversation = get_conversation_or_404(viewer, conversation_id)
    allowed = (assessor and is_second_assessor(viewer, conversation)) or (
        hr and may_name_second_assessor(viewer, conversation)
    )
    return allowed_or_403(conversation, allowed)


def get_led_conversation_or_404(
    viewer: User, conversation_id: int, options: LoadOptions = ()
) -> Conversation:
    """A conversation the viewer leads as its manager; 403 for other readers."""
    conversation = get_conversation_or_404(viewer, conversation_id, options)
    return allowed_or_403(conversation, is_conversation_manager(viewer, conversation))


def get_own_conversation_or_404(
    viewer: User, conversation_id: int, options: LoadOptions = ()
) -> Conversation:
    """A conversation about the viewer as the employee; 403 for other readers."""
    conversation = get_conversation_or_404(viewer, conversation_id, options)
    return allowed_or_403(conversation, is_conversation_employee(viewer, conversation))


def get_participant_conversation_or_404(
    viewer: User, conversation_id: int, options: LoadOptions = ()
) -> Conversation:
    """A conversation the viewer took part in (employee or manager); 403 for other readers."""
    conversation = get_conversation_or_404(viewer, conversation_id, options)
    if not (
        is_conversation_manager(viewer, conversation)
        or is_conversation_employee(viewer, conversation)
    ):
        abort(403)
    return conversation


def get_readable_conversation_or_404(
    viewer: User, conversation_id: int, options: LoadOptions = ()
) -> Conversation:
    """A conversation whose report the viewer may read; 403 for those who see only its status."""
    conversation = get_conversation_or_404(viewer, conversation_id, options)
    return allowed_or_403(conversation, may_read_report(viewer, conversation))


def get_agreement_or_404(conversation: Conversation, agreement_id: int) -> Agreement:
    """An agreement of a conversation already loaded through a loader above."""
    return one_or_404(
        select(Agreement).where(
            Agreement.id == agreement_id, Agreement.conversation_id == conversation.id
        )
    )
