"""Hook for the party-member feedback report: higher apps report service a member gave.

`volunteers` registers a provider at start-up (STYLE.md: a lower app declares the hook, never imports
the higher one). A provider takes (member_ids, start, end) and returns {member_id: ServiceSummary}.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass
class ServiceSummary:
    person_times: int = 0
    confirmed_hours: Decimal = Decimal("0")


SERVICE_PROVIDERS: list[Callable] = []


def register_service_provider(fn: Callable) -> Callable:
    SERVICE_PROVIDERS.append(fn)
    return fn


def service_by_member(member_ids, start, end) -> dict[int, ServiceSummary]:
    totals: dict[int, ServiceSummary] = {}
    for provider in SERVICE_PROVIDERS:
        for member_id, summary in provider(member_ids, start, end).items():
            total = totals.setdefault(member_id, ServiceSummary())
            total.person_times += summary.person_times
            total.confirmed_hours += summary.confirmed_hours
    return totals
