"""One sender per outbox channel (e-mail now; WeCom, DingTalk or SMS later), filled at start-up.

A sender is a class registered with `@register_sender(channel)`. The outbox makes one per delivery batch,
calls `send(message)` for each message, which returns once the other side has accepted it and raises
otherwise, and calls `close()` at the end, after it has recorded what was accepted. The outbox claims each
row before and records the result after, and decides what a failure means (retry later, or give up).
"""

SENDERS: dict[str, type] = {}


class Sender:
    """The shape of a channel's sender; keeps whatever connection it opens until `close()`."""

    def send(self, message) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release the connection; called once the outbox has recorded the batch's results."""


class PermanentFailure(Exception):
    """Raised by a sender when trying again cannot help (the server refused the address): fail at once."""


def register_sender(channel: str):
    """Class decorator: `@register_sender("email")` makes the class the one sender of that channel."""

    def decorator(cls: type) -> type:
        if SENDERS.get(channel, cls) is not cls:
            raise ValueError(f"channel {channel!r} already has a sender: {SENDERS[channel]!r}")
        SENDERS[channel] = cls
        return cls

    return decorator


def sender_for(channel: str) -> Sender:
    """A new sender for `channel` (raises LookupError for a channel nobody registered)."""
    try:
        return SENDERS[channel]()
    except KeyError:
        raise LookupError(f"no sender registered for channel {channel!r}; known: {sorted(SENDERS)}") from None
