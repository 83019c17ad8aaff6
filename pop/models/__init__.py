"""The tables of POP; importing this package registers every model."""

from pop.models.audit import AuditEvent
from pop.models.catalogue import (
    BehaviourIndicator,
    Competency,
    DevelopmentTip,
    FunctionCompetency,
    FunctionFamily,
    FunctionLevel,
    InterviewQuestion,
    JobFunction,
    ResultArea,
)
from pop.models.org import Department, HrScope, Role, User, UserRole
from pop.models.plan import OPEN_STATUSES, CheckIn, Cycle, Goal, GoalComment, GoalStatus

__all__ = [
    "OPEN_STATUSES",
    "AuditEvent",
    "BehaviourIndicator",
    "CheckIn",
    "Competency",
    "Cycle",
    "Department",
    "DevelopmentTip",
    "FunctionCompetency",
    "FunctionFamily",
    "FunctionLevel",
    "Goal",
    "GoalComment",
    "GoalStatus",
    "HrScope",
    "InterviewQuestion",
    "JobFunction",
    "ResultArea",
    "Role",
    "User",
    "UserRole",
]
