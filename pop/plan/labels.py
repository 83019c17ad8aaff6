"""Goal statuses as the user reads them, in their language."""

from flask_babel import gettext as _

from pop.models import GoalStatus


def status_label(status: str) -> str:
    return {
        GoalStatus.CONCEPT: _("concept"),
        GoalStatus.PROPOSED: _("voorgesteld"),
        GoalStatus.AGREED: _("afgesproken"),
        GoalStatus.IN_PROGRESS: _("bezig"),
        GoalStatus.DONE: _("afgerond"),
        GoalStatus.STOPPED: _("gestopt"),
    }[GoalStatus(status)]
