"""The calendar invitation of a conversation, asked for from below the notifications area.

The conversations area knows when a conversation is planned, moved or called off; the
notifications area (built on top of it) knows how to mail an invitation. `prepare_invitation`
is called inside the transaction, while the conversation is still there; it returns what to
call after the commit to send it. With no receiver connected nothing is sent.
"""

from collections.abc import Callable

from blinker import Namespace

from pop.models import Conversation

_signals = Namespace()
# Receivers take (sender, conversation=..., cancelled=...) and return a callable that sends.
invitation_due = _signals.signal("invitation-due")


def prepare_invitation(
    conversation: Conversation, *, cancelled: bool = False
) -> Callable[[], bool]:
    """Build the invitation now; the returned call sends it and says whether that worked."""
    senders = [
        send
        for _receiver, send in invitation_due.send(
            conversation, conversation=conversation, cancelled=cancelled
        )
        if send is not None
    ]

    def deliver() -> bool:
        sent = [send() for send in senders]  # every one, even after a failure
        return all(sent)

    return deliver
