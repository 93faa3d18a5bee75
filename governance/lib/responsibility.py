"""Who answers for a line of work in a place: the leadership portfolios fill this in (a resolver hook).

Enforcement escalations and reports ask `leaders_in_charge(work_line=..., area=...)`; until a resolver
(the staff module's leadership portfolios) answers, the street administrators over that place do.
"""

from collections.abc import Callable

from governance.choices import Role

LEADER_RESOLVERS: list[Callable] = []


def register_leader_resolver(fn: Callable) -> Callable:
    """`fn(work_line: str, area) -> list[User]`; the first resolver with an answer wins."""
    LEADER_RESOLVERS.append(fn)
    return fn


def leaders_in_charge(*, work_line: str, area) -> list:
    for resolver in LEADER_RESOLVERS:
        users = list(resolver(work_line, area))
        if users:
            return users
    from governance.lib.reminders import users_with_role

    return list(users_with_role(Role.STREET_ADMIN, area))
