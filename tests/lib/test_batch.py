"""Batch actions: assign needs, confirm service records, close actions — a confirmation that says what will
happen, a result for every row, the domain's own services deciding row by row, and the scope on every row."""

import pytest
from django.urls import reverse

from partybuilding.choices import ActionStatus
from partybuilding.models import FollowUpAction
from tests.factories import UserFactory
from tests.partybuilding.factories import make_action
from tests.test_access_matrix import checksum
from tests.volunteers import factories as f
from volunteers import services
from volunteers.choices import NeedMove, NeedStatus, RecordStatus
from volunteers.models import NeedEvent, ServiceRecord

pytestmark = pytest.mark.django_db
NEEDS = reverse("volunteers:need-batch")
RECORDS = reverse("volunteers:record-batch")
ACTIONS = reverse("partybuilding:action-batch")


def _accepted(area, user):
    need = f.make_need(area)
    return services.need_accept(need=need, user=user)


def _results(response) -> list[tuple[int | None, bool]]:
    return [(row.obj.pk if row.obj else None, row.ok) for row, _label in response.context["rows"]]


def test_assigning_needs_asks_first_and_changes_nothing_until_confirmed(territory, secretary_a, client_as):
    accepted = [_accepted(territory.grid_a, secretary_a) for _ in range(3)]
    submitted = f.make_need(territory.grid_a)
    ids = [n.pk for n in [*accepted, submitted]]
    before = checksum()

    response = client_as(secretary_a).post(NEEDS, {"batch": "assign", "ids": ids})

    assert response.status_code == 200
    assert _results(response) == [(n.pk, True) for n in accepted] + [(submitted.pk, False)]
    html = response.content.decode()
    assert "时间线会记录派单" in html  # what will happen, in words
    assert "3 条" in html and "不能" in html  # how many it applies to, and that one is left as it is
    assert checksum() == before


def test_confirmed_assignment_goes_through_the_service_for_each_row(territory, secretary_a, client_as):
    accepted = [_accepted(territory.grid_a, secretary_a) for _ in range(3)]
    submitted = f.make_need(territory.grid_a)
    ids = [n.pk for n in [*accepted, submitted]]

    response = client_as(secretary_a).post(
        NEEDS, {"batch": "assign", "ids": ids, "confirm": "1", "batch-department": "区城管局"}
    )

    assert response.status_code == 200
    assert _results(response) == [(n.pk, True) for n in accepted] + [(submitted.pk, False)]
    assert response.context["ok_count"] == 3 and response.context["refused_count"] == 1
    for need in accepted:
        need.refresh_from_db()
        assert (need.status, need.assigned_department) == (NeedStatus.ASSIGNED, "区城管局")
    assert NeedEvent.objects.filter(move=NeedMove.ASSIGN, actor=secretary_a).count() == 3
    submitted.refresh_from_db()
    assert submitted.status == NeedStatus.SUBMITTED


def test_an_assignment_the_service_refuses_is_reported_per_row(territory, secretary_a, client_as):
    need = _accepted(territory.grid_a, secretary_a)

    response = client_as(secretary_a).post(NEEDS, {"batch": "assign", "ids": [need.pk], "confirm": "1"})

    assert _results(response) == [(need.pk, False)]
    assert "请选择" in response.content.decode()  # the service's own reason: choose an assignee
    need.refresh_from_db()
    assert need.status == NeedStatus.ACCEPTED


def test_rows_outside_the_scope_are_not_touched(territory, secretary_a, client_as):
    ours = _accepted(territory.grid_a, secretary_a)
    theirs = _accepted(territory.grid_b, UserFactory(is_superuser=True))

    response = client_as(secretary_a).post(
        NEEDS, {"batch": "assign", "ids": [ours.pk, theirs.pk], "confirm": "1", "batch-department": "城管"}
    )

    assert _results(response) == [(ours.pk, True), (None, False)]
    theirs.refresh_from_db()
    assert theirs.status == NeedStatus.ACCEPTED and theirs.assigned_department == ""


@pytest.mark.parametrize(
    ("url", "batch", "extra"),
    [
        (NEEDS, "assign", {"batch-department": "城管"}),
        (RECORDS, "confirm", {}),
        (ACTIONS, "close", {"batch-note": "办完"}),
    ],
)
def test_from_another_community_a_batch_is_not_found_and_changes_nothing(
    url, batch, extra, territory, secretary_a, secretary_b, client_as
):
    obj = {
        NEEDS: lambda: _accepted(territory.grid_a, secretary_a),
        RECORDS: lambda: f.make_record(f.make_volunteer(territory.grid_a)),
        ACTIONS: lambda: make_action(territory.community_a),
    }[url]()
    before = checksum()

    response = client_as(secretary_b).post(url, {"batch": batch, "ids": [obj.pk], "confirm": "1", **extra})

    assert response.status_code == 404
    assert checksum() == before


@pytest.mark.parametrize(("url", "batch"), [(NEEDS, "assign"), (RECORDS, "confirm"), (ACTIONS, "close")])
def test_a_read_only_role_may_not_batch(url, batch, territory, viewer, secretary_a, client_as):
    obj = {
        NEEDS: lambda: _accepted(territory.grid_a, secretary_a),
        RECORDS: lambda: f.make_record(f.make_volunteer(territory.grid_a)),
        ACTIONS: lambda: make_action(territory.community_a),
    }[url]()
    before = checksum()

    response = client_as(viewer).post(url, {"batch": batch, "ids": [obj.pk], "confirm": "1"})

    assert response.status_code == 403
    assert checksum() == before


def test_an_unknown_batch_action_is_not_found(territory, secretary_a, client_as):
    need = _accepted(territory.grid_a, secretary_a)
    assert client_as(secretary_a).post(NEEDS, {"batch": "delete", "ids": [need.pk]}).status_code == 404


def test_confirming_records_keeps_the_rule_that_someone_else_confirms(territory, secretary_a, client_as):
    volunteer = f.make_volunteer(territory.grid_a)
    others = [f.make_record(volunteer) for _ in range(2)]
    own = f.make_record(volunteer, user=secretary_a)

    response = client_as(secretary_a).post(
        RECORDS, {"batch": "confirm", "ids": [r.pk for r in [*others, own]], "confirm": "1"}
    )

    assert _results(response) == [(others[0].pk, True), (others[1].pk, True), (own.pk, False)]
    assert "填报人以外" in response.content.decode()
    statuses = dict(ServiceRecord.objects.values_list("pk", "status"))
    assert statuses == {
        others[0].pk: RecordStatus.CONFIRMED,
        others[1].pk: RecordStatus.CONFIRMED,
        own.pk: RecordStatus.REPORTED,
    }
    assert set(
        ServiceRecord.objects.filter(status=RecordStatus.CONFIRMED).values_list("confirmed_by", flat=True)
    ) == {secretary_a.pk}


def test_closing_actions_needs_a_closing_note(territory, secretary_a, client_as):
    actions = [make_action(territory.community_a, owner=secretary_a) for _ in range(2)]
    ids = [a.pk for a in actions]
    client = client_as(secretary_a)
    before = checksum()

    response = client.post(ACTIONS, {"batch": "close", "ids": ids, "confirm": "1", "batch-note": ""})
    assert response.context["done"] is False and response.context["form"].errors
    assert checksum() == before

    response = client.post(
        ACTIONS, {"batch": "close", "ids": ids, "confirm": "1", "batch-note": "已全部办结"}
    )
    assert _results(response) == [(pk, True) for pk in ids]
    for action in FollowUpAction.objects.filter(pk__in=ids):
        assert (action.status, action.closing_note, action.closed_by) == (
            ActionStatus.DONE,
            "已全部办结",
            secretary_a,
        )


def test_lists_offer_the_batch_only_to_roles_that_may_use_it(territory, secretary_a, viewer, client_as):
    _accepted(territory.grid_a, secretary_a)
    page = client_as(secretary_a).get(reverse("volunteers:need-list")).content.decode()
    assert 'data-testid="batch-assign"' in page and 'name="ids"' in page
    page = client_as(viewer).get(reverse("volunteers:need-list")).content.decode()
    assert "batch-assign" not in page and 'name="ids"' not in page


def test_opening_a_batch_address_goes_back_to_the_list(secretary_a, client_as):
    response = client_as(secretary_a).get(NEEDS)
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:need-list")


def test_the_confirmation_page_costs_the_same_for_more_rows(territory, secretary_a, client_as):
    from tests.helpers import assert_constant_queries

    client = client_as(secretary_a)
    needs = []

    def add_rows(n):
        needs.extend(_accepted(territory.grid_a, secretary_a) for _ in range(n))

    count = assert_constant_queries(
        lambda: client.post(NEEDS, {"batch": "assign", "ids": [n.pk for n in needs]}),
        add_rows,
        small=3,
        large=30,
    )
    # session, user (permissions and scope paths come from the cache), the rows (with place and category); the
    # assign form's choices (items, teams, volunteers); the frame: assignments, unread count
    assert count == 8
