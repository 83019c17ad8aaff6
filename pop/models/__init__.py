"""The tables of POP; importing this package registers every model."""

from pop.models.audit import AuditEvent
from pop.models.catalogue import (
    BehaviourIndicator,
    Competency,
    CompetencyVersion,
    DevelopmentTip,
    FunctionCompetency,
    FunctionFamily,
    FunctionLevel,
    InterviewQuestion,
    JobFunction,
    ResultArea,
)
from pop.models.conversations import (
    Agreement,
    AgreementOwner,
    CompetencyNote,
    Conversation,
    ConversationAddendum,
    ConversationKind,
    ConversationNote,
    ConversationRating,
    ConversationReport,
    ConversationStatus,
    SelfAssessment,
    SelfAssessmentRating,
)
from pop.models.org import Department, HrScope, Role, User, UserRole
from pop.models.plan import OPEN_STATUSES, CheckIn, Cycle, Goal, GoalComment, GoalStatus

__all__ = [
    "OPEN_STATUSES",
    "Agreement",
    "AgreementOwner",
    "AuditEvent",
    "BehaviourIndicator",
    "CheckIn",
    "Competency",
    "CompetencyNote",
    "CompetencyVersion",
    "Conversation",
    "ConversationAddendum",
    "ConversationKind",
    "ConversationNote",
    "ConversationRating",
    "ConversationReport",
    "ConversationStatus",
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
    "SelfAssessment",
    "SelfAssessmentRating",
    "User",
    "UserRole",
]

from pop.models.hr import ConversationDeadline  # the HR overview

__all__ += ["ConversationDeadline"]

from pop.models.notifications import (  # noqa: E402  (notifications and reminders)
    CalendarToken,
    DigestFrequency,
    DigestStatus,
    MailDigest,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
    ReminderLog,
)

__all__ += [
    "CalendarToken",
    "DigestFrequency",
    "DigestStatus",
    "MailDigest",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "NotificationSettings",
    "ReminderLog",
]

from pop.models.self_assessment_notes import SelfAssessmentNote  # noqa: E402

__all__ += ["SelfAssessmentNote"]

from pop.models.jobs import JobLease, JobRun  # noqa: E402  (scheduled jobs that run once)

__all__ += ["JobLease", "JobRun"]

from pop.models.identity import OidcLink, ScimRecord, ScimToken  # noqa: E402  (single sign-on)

__all__ += ["OidcLink", "ScimRecord", "ScimToken"]

from pop.models.people_import import PeopleImportRun  # noqa: E402  (unattended HR imports)

__all__ += ["PeopleImportRun"]

from pop.models.auth import (  # noqa: E402  (sessions, log-in throttling, second factor)
    LoginFailure,
    LoginSession,
    RecoveryCode,
    TotpState,
)

__all__ += ["LoginFailure", "LoginSession", "RecoveryCode", "TotpState"]

from pop.models.files import FileChunk, FilePurpose, StoredFile  # noqa: E402  (files in the db)

__all__ += ["FileChunk", "FilePurpose", "StoredFile"]

from pop.models.feedback import (  # noqa: E402  (feedback from colleagues)
    ANONYMOUS_MINIMUM,
    FeedbackRating,
    FeedbackRequest,
    FeedbackStatus,
)

__all__ += ["ANONYMOUS_MINIMUM", "FeedbackRating", "FeedbackRequest", "FeedbackStatus"]

from pop.models.shared_goals import (  # noqa: E402  (team and department goals)
    OfferStatus,
    SharedGoal,
    SharedGoalOffer,
)

__all__ += ["OfferStatus", "SharedGoal", "SharedGoalOffer"]

from pop.models import limits, signed  # noqa: E402, F401  (rules over signed records and text)
from pop.models.standin import StandIn  # noqa: E402  (stand-ins for managers)

__all__ += ["StandIn"]

from pop.models.conversations import SecondAssessment  # noqa: E402  (tweede beoordelaar)

__all__ += ["SecondAssessment"]

from pop.models.totals import (  # noqa: E402  (maintained totals and what made them stale)
    FunctionHolderCount,
    HrTotal,
    HrTotalStale,
    HrTotalState,
)

__all__ += ["FunctionHolderCount", "HrTotal", "HrTotalStale", "HrTotalState"]

from pop.models.versions import VersionStamp  # noqa: E402  (version stamps of cached data)

__all__ += ["VersionStamp"]

from pop.models.objections import (  # noqa: E402  (bezwaar against a beoordeling)
    Objection,
    ObjectionAttachment,
    ObjectionOutcome,
    ObjectionStatus,
)

__all__ += ["Objection", "ObjectionAttachment", "ObjectionOutcome", "ObjectionStatus"]

from pop.models.handover import KeptPreparationNotes  # noqa: E402  (notes kept at a handover)

__all__ += ["KeptPreparationNotes"]
