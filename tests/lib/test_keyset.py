"""Keyset pages on HTML lists: the next and previous pages by cursor, a bounded count, the fallback to numbers."""

import re

import pytest

from governance.lib import keyset
from governance.models import Resident
from property.models import FeeRecord
from tests.factories import make_resident
from volunteers.models import Need


def _ids(response) -> list[int]:
    return [r.pk for r in response.context["object_list"]]


def _link(response, rel: str) -> str | None:
    match = re.search(rf'rel="{rel}" href="([^"]+)"', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else None


@pytest.fixture
def residents(territory):
    """120 residents, newest first as the list shows them."""
    return [make_resident(territory.stairwell_a, room=f"{n:03d}").pk for n in range(120)][::-1]


def test_pages_follow_one_another_by_cursor(residents, secretary_a, client_as):
    client = client_as(secretary_a)
    first = client.get("/residents/")
    assert _ids(first) == residents[:50]
    assert (first.context["total"], first.context["total_is_bounded"]) == (120, False)
    assert _link(first, "prev") is None
    second = client.get("/residents/" + _link(first, "next"))
    assert _ids(second) == residents[50:100]
    third = client.get("/residents/" + _link(second, "next"))
    assert _ids(third) == residents[100:]
    assert _link(third, "next") is None
    back = client.get("/residents/" + _link(third, "prev"))
    assert _ids(back) == residents[50:100]
    assert _ids(client.get("/residents/" + _link(back, "prev"))) == residents[:50]


def test_the_count_stops_at_its_limit(residents, secretary_a, client_as, monkeypatch):
    monkeypatch.setattr(keyset, "COUNT_LIMIT", 100)
    page = client_as(secretary_a).get("/residents/")
    assert (page.context["total"], page.context["total_is_bounded"]) == (100, True)
    assert "100 条以上" in page.content.decode()


def test_a_tampered_cursor_starts_at_the_top(residents, secretary_a, client_as):
    page = client_as(secretary_a).get("/residents/", {"after": "not-a-cursor"})
    assert page.status_code == 200
    assert _ids(page) == residents[:50]


def test_filters_stay_on_the_next_pages_link(residents, secretary_a, client_as):
    page = client_as(secretary_a).get("/residents/", {"gender": "M"})
    assert _link(page, "next").startswith("?gender=M&after=")


def test_orders_keyset_paging_can_follow(db):
    assert keyset.keyset_ordering(Resident.objects.all()) == [("id", False)]
    assert keyset.keyset_ordering(Resident.objects.order_by("-id")) == [("id", True)]
    assert keyset.keyset_ordering(FeeRecord.objects.all()) == [
        ("period", True),
        ("area__path", False),
        ("id", False),
    ]
    assert keyset.keyset_ordering(Need.objects.order_by("deadline", "id")) == [
        ("deadline", False),
        ("id", False),
    ]
    # A column that may be empty cannot carry a cursor: such a list keeps page numbers.
    assert keyset.keyset_ordering(Need.objects.order_by("done_at", "id")) is None
