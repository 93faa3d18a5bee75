"""One sender per outbox channel (e-mail now; WeCom, DingTalk or SMS later), filled at start-up.

A sender is a function `send(message) -> None` that returns once the other side has accepted the message
and raises otherwise; the outbox decides what a failure means (retry later, or give up). A sender must send
exactly the message it is given: the outbox claims the row before and records the result after.
"""

from collections.abc import Callable

SENDERS: dict[str, Callable] = {}


def register_sender(channel: str):
    """Decorator: `@register_sender("email")` makes the function the one sender of that channel."""

    def decorator(fn: Callable) -> Callable:
        if SENDERS.get(channel, fn) is not fn:
            raise ValueError(f"channel {channel!r} already has a sender: {SENDERS[channel]!r}")
        SENDERS[channel] = fn
        return fn

    return decorator


def sender_for(channel: str) -> Callable:
    try:
        return SENDERS[channel]
    except KeyError:
        raise LookupError(f"no sender registered for channel {channel!r}; known: {sorted(SENDERS)}") from None


class PermanentFailure(Exception):
    """Raised by a sender when trying again cannot help (the server refused the address): fail at once."""
