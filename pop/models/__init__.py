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

__all__ = [
    "AuditEvent",
    "BehaviourIndicator",
    "Competency",
    "Department",
    "DevelopmentTip",
    "FunctionCompetency",
    "FunctionFamily",
    "FunctionLevel",
    "HrScope",
    "InterviewQuestion",
    "JobFunction",
    "ResultArea",
    "Role",
    "User",
    "UserRole",
]
