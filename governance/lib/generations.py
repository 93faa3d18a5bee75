"""Generation numbers in the cache: entries filed under a generation become unreachable when it moves.

Used where cached answers depend on rows that change rarely (a user's permissions and places, a dashboard
panel's figures): the key of every cached answer carries the generation of what it was computed from, and a
write bumps that generation instead of finding and deleting the answers. A generation that is missing (never
set, or evicted) starts at the current time in milliseconds, so it never returns to a number an old entry
carries.
"""

from django.utils import timezone


def _fresh() -> int:
    return int(timezone.now().timestamp() * 1000)


def generation(cache, key: str) -> int:
    """The generation under `key` in `cache`, set (and kept) on first use."""
    found = cache.get(key)
    if found is None:
        cache.add(key, _fresh(), None)
        found = cache.get(key, _fresh())
    return found


def generations(cache, keys: list[str]) -> dict[str, int]:
    """The generations under `keys` in one round trip; a missing one reads as 0 until it is first bumped."""
    found = cache.get_many(keys)
    return {key: found.get(key, 0) for key in keys}


def bump(cache, key: str) -> None:
    """Move the generation under `key`: every entry filed under the old number is unreachable from now on."""
    try:
        cache.incr(key)
    except ValueError:  # not there yet (or evicted): any new number makes the old entries unreachable
        cache.set(key, _fresh(), None)
