"""The one exception a rule raises when it says no: its text is the message for the user.

Each area's error (`PlanError`, `ConversationError`, ...) is a `Refused`, so that views answer
every refusal the same way (`pop.transactions.commit_or_show`).
"""


class Refused(Exception):
    """A service refused the action; `str(error)` says why, in the user's language."""
