"""The needs workflow: every allowed move records an event; every illegal move is refused, nothing changed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.volunteers.factories import make_item, make_need, make_record, make_volunteer
from volunteers import services
from volunteers.choices import NeedMove, NeedStatus, Outcome, RecordStatus, Urgency
from volunteers.models import Need, NeedDeadline, NeedEvent, ServiceRecord

T0 = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))

# The path to each status, as moves from a fresh submitted need.
PATH = {
    NeedStatus.SUBMITTED: [],
    NeedStatus.ACCEPTED: ["accept"],
    NeedStatus.DECLINED: ["decline"],
    NeedStatus.ASSIGNED: ["accept", "assign"],
    NeedStatus.DONE: ["accept", "assign", "complete"],
    NeedStatus.RATED: ["accept", "assign", "complete", "rate"],
    NeedStatus.CLOSED: ["accept", "assign", "complete", "rate", "close"],
}


def do(move, need, user):
    """Apply a move with valid arguments."""
    calls = {
        "accept": lambda: services.need_accept(need=need, user=user),
        "decline": lambda: services.need_decline(need=need, user=user, reason="不属于服务范围"),
        "assign": lambda: services.need_assign(need=need, user=user, department="街道民政科"),
        "complete": lambda: services.need_complete(need=need, user=user, outcome=Outcome.SOLVED),
        "rate": lambda: services.need_rate(need=need, user=user, rating=5, comment="很满意"),
        "close": lambda: services.need_close(need=need, user=user),
        "reopen": lambda: services.need_reopen(need=need, user=user, reason="灯又坏了"),
        "quality_check": lambda: services.need_quality_check(need=need, user=user, score=4, note="及时"),
    }
    return calls[move]()


def need_in(status, territory, user):
    need = make_need(territory.grid_a, user=user)
    for move in PATH[status]:
        do(move, need, user)
    need.refresh_from_db()
    assert need.status == status
    return need


# The table's moves from each status; a flagged duplicate's two moves (merge, keep both) are in the table for
# every open need, and their check offers them only on a need flagged as a likely duplicate.
ALLOWED = {
    NeedStatus.SUBMITTED: {"accept", "decline", "merge", "keep_both"},
    NeedStatus.ACCEPTED: {"assign", "keep_both"},
    NeedStatus.DECLINED: {"close"},
    NeedStatus.ASSIGNED: {"assign", "complete", "keep_both"},
    NeedStatus.DONE: {"rate", "close", "reopen", "quality_check"},
    NeedStatus.RATED: {"close", "reopen", "quality_check"},
    NeedStatus.CLOSED: {"reopen", "quality_check"},
}
MOVES = ["accept", "decline", "assign", "complete", "rate", "close", "reopen", "quality_check"]
ILLEGAL = [(status, move) for status in PATH for move in MOVES if move not in ALLOWED[status]]


def test_the_table_of_moves_is_what_the_tests_expect(territory):
    need = Need(status=NeedStatus.SUBMITTED)
    for status, moves in ALLOWED.items():
        need.status = status
        assert set(services.allowed_moves(need)) == moves, status


@pytest.mark.parametrize(("status", "move"), ILLEGAL, ids=[f"{s}-{m}" for s, m in ILLEGAL])
def test_every_illegal_move_is_refused_and_changes_nothing(status, move, territory, secretary_a):
    need = need_in(status, territory, secretary_a)
    events = NeedEvent.objects.filter(need=need).count()
    before = Need.objects.filter(pk=need.pk).values().get()
    with pytest.raises(ValidationError) as exc:
        do(move, need, secretary_a)
    expected = (
        f"A need that is “{NeedStatus(status).label}” cannot be given the step “{NeedMove(move).label}”."
    )
    assert exc.value.messages == [expected]
    assert NeedEvent.objects.filter(need=need).count() == events
    assert Need.objects.filter(pk=need.pk).values().get() == before


def test_illegal_move_message_is_translated(territory, secretary_a):
    from django.utils import translation

    need = need_in(NeedStatus.CLOSED, territory, secretary_a)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.need_accept(need=need, user=secretary_a)
    assert exc.value.messages == ["“已关闭”状态的需求不能执行“受理”。"]


def test_whole_workflow_records_every_step_with_who_and_when(territory, grid_worker, secretary_a):
    need = make_need(territory.grid_a, user=grid_worker, submitted_at=T0)
    assert need.respond_by == T0 + datetime.timedelta(days=7)
    steps = [
        ("accept", T0 + datetime.timedelta(hours=1)),
        ("assign", T0 + datetime.timedelta(hours=2)),
        ("complete", T0 + datetime.timedelta(hours=30)),
        ("rate", T0 + datetime.timedelta(hours=40)),
        ("close", T0 + datetime.timedelta(hours=41)),
    ]
    services.need_accept(need=need, user=secretary_a, at=steps[0][1])
    services.need_assign(need=need, user=secretary_a, department="街道民政科", at=steps[1][1])
    services.need_complete(need=need, user=secretary_a, outcome=Outcome.PARTLY, at=steps[2][1])
    services.need_rate(need=need, user=secretary_a, rating=4, comment="基本解决", at=steps[3][1])
    services.need_close(need=need, user=secretary_a, at=steps[4][1])
    need.refresh_from_db()
    assert (need.status, need.outcome, need.rating, need.rating_comment) == (
        "closed",
        "partly",
        4,
        "基本解决",
    )
    assert need.responded_at == steps[0][1]
    assert need.done_at == steps[2][1]
    assert need.closed_at == steps[4][1]
    events = list(need.events.values_list("move", "from_status", "to_status", "actor__username", "at"))
    assert events == [
        ("submit", "", "submitted", "grid_worker", T0),
        ("accept", "submitted", "accepted", "secretary_a", steps[0][1]),
        ("assign", "accepted", "assigned", "secretary_a", steps[1][1]),
        ("complete", "assigned", "done", "secretary_a", steps[2][1]),
        ("rate", "done", "rated", "secretary_a", steps[3][1]),
        ("close", "rated", "closed", "secretary_a", steps[4][1]),
    ]


def test_reopen_sends_the_need_back_and_clears_the_answer(territory, secretary_a):
    need = need_in(NeedStatus.CLOSED, territory, secretary_a)
    services.need_reopen(need=need, user=secretary_a, reason="灯又坏了")
    need.refresh_from_db()
    assert (need.status, need.rating, need.done_at, need.closed_at, need.outcome) == (
        "assigned",
        None,
        None,
        None,
        "",
    )
    assert need.assigned_department == "街道民政科"
    assert need.events.last().note == "灯又坏了"
    # The old rating stays in the timeline.
    assert need.events.filter(move="rate").count() == 1


def test_quality_check_keeps_the_status(territory, secretary_a):
    need = need_in(NeedStatus.RATED, territory, secretary_a)
    services.need_quality_check(need=need, user=secretary_a, score=3, note="回复偏慢")
    need.refresh_from_db()
    assert (need.status, need.quality_score, need.quality_note, need.rating) == ("rated", 3, "回复偏慢", 5)
    assert need.events.last().move == "quality_check"


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        (
            lambda n, u: services.need_decline(need=n, user=u, reason="  "),
            "reason",
            "Give the reason for declining.",
        ),
        (lambda n, u: services.need_rate(need=n, user=u, rating=6), "rating", "A rating is from 1 to 5."),
        (
            lambda n, u: services.need_assign(need=n, user=u),
            None,
            "Choose a service item, team, volunteer or department to assign.",
        ),
        (
            lambda n, u: services.need_quality_check(need=n, user=u, score=0),
            "score",
            "A quality score is from 1 to 5.",
        ),
        (
            lambda n, u: services.need_reopen(need=n, user=u, reason=""),
            "reason",
            "Say why the resident reopens the need.",
        ),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(call, field, message, territory, secretary_a):
    need = make_need(territory.grid_a, user=secretary_a)
    events = need.events.count()
    with pytest.raises(ValidationError) as exc:
        call(need, secretary_a)
    if field:
        assert exc.value.message_dict == {field: [message]}
    else:
        assert exc.value.messages == [message]
    assert need.events.count() == events


@pytest.mark.parametrize(
    ("urgency", "respond", "resolve"),
    [
        (Urgency.EMERGENCY, 2, 24),
        (Urgency.UTILITIES, 24, 24),
        (Urgency.GENERAL, 168, 168),
        (Urgency.COMPLEX, 360, 360),
    ],
)
def test_deadlines_follow_the_seeded_12345_limits(urgency, respond, resolve, territory):
    need = make_need(territory.grid_a, urgency=urgency, submitted_at=T0)
    assert need.respond_by - T0 == datetime.timedelta(hours=respond)
    assert need.resolve_by - T0 == datetime.timedelta(hours=resolve)


def test_an_admin_changed_deadline_applies_to_new_needs(territory):
    NeedDeadline.objects.filter(urgency=Urgency.GENERAL).update(respond_hours=48, resolve_hours=96)
    need = make_need(territory.grid_a, submitted_at=T0)
    assert (need.respond_by - T0, need.resolve_by - T0) == (
        datetime.timedelta(hours=48),
        datetime.timedelta(hours=96),
    )


def test_a_need_outside_the_users_scope_is_refused(territory, secretary_a):
    with pytest.raises(ValidationError) as exc:
        make_need(territory.grid_b, user=secretary_a)
    assert exc.value.message_dict == {"area": ["This place is outside the area you answer for."]}
    assert Need.objects.count() == 0


def test_assigning_an_item_of_another_community_is_refused(territory, secretary_a):
    need = need_in(NeedStatus.ACCEPTED, territory, secretary_a)
    other = make_item(territory.community_b)
    with pytest.raises(ValidationError) as exc:
        services.need_assign(need=need, user=secretary_a, item=other)
    assert exc.value.messages == [f"“{other.name}” does not serve this place."]
    need.refresh_from_db()
    assert need.status == "accepted"


def test_a_street_wide_item_may_be_assigned_by_a_secretary(territory, secretary_a):
    need = need_in(NeedStatus.ACCEPTED, territory, secretary_a)
    item = make_item(territory.street)
    services.need_assign(need=need, user=secretary_a, item=item)
    need.refresh_from_db()
    assert (need.status, need.assigned_item) == ("assigned", item)


# ------------------------------------------------------------------------------------------ service records


def test_hours_count_only_once_confirmed(territory, grid_worker, secretary_a):
    vol = make_volunteer(territory.grid_a)
    record = make_record(vol, hours="2.5", user=grid_worker)
    assert record.status == RecordStatus.REPORTED
    assert ServiceRecord.objects.confirmed().count() == 0
    services.servicerecord_confirm(record=record, user=secretary_a)
    record.refresh_from_db()
    assert (record.status, record.confirmed_by) == ("confirmed", secretary_a)
    with pytest.raises(ValidationError) as exc:
        services.servicerecord_reject(record=record, user=secretary_a)
    assert exc.value.messages == ["This record was already confirmed or rejected."]


def test_the_reporter_cannot_confirm_their_own_hours(territory, secretary_a):
    record = make_record(make_volunteer(territory.grid_a), user=secretary_a)
    with pytest.raises(ValidationError) as exc:
        services.servicerecord_confirm(record=record, user=secretary_a)
    assert exc.value.messages == ["Someone other than the reporter confirms the hours."]
    record.refresh_from_db()
    assert record.status == "reported"


@pytest.mark.parametrize("hours", ["0", "-1", "24.5"])
def test_impossible_hours_are_refused(hours, territory):
    vol = make_volunteer(territory.grid_a)
    with pytest.raises(ValidationError) as exc:
        make_record(vol, hours=hours)
    assert exc.value.message_dict == {"hours": ["Hours are more than 0 and at most 24."]}
    assert ServiceRecord.objects.count() == 0


def test_future_service_is_refused(territory):
    with pytest.raises(ValidationError) as exc:
        make_record(
            make_volunteer(territory.grid_a), served_on=timezone.localdate() + datetime.timedelta(days=1)
        )
    assert exc.value.message_dict == {"served_on": ["A service cannot be reported before it happens."]}


# -------------------------------------------------------------------------------------------------- garden


@pytest.mark.parametrize(
    "extra",
    [{"kind": "money"}, {"kind": "money", "amount": 0}, {"kind": "goods"}, {"kind": "labour", "hours": None}],
)
def test_a_donation_states_what_was_given(extra, territory, secretary_a):
    from tests.volunteers.factories import make_garden
    from volunteers.models import Donation

    garden = make_garden(territory.community_a)
    with pytest.raises(ValidationError) as exc:
        services.donation_record(
            user=secretary_a,
            project=garden,
            donor_name="合作社",
            received_on=datetime.date(2026, 3, 1),
            **extra,
        )
    assert exc.value.messages == ["Money needs an amount, goods a description, labour the hours."]
    assert Donation.objects.count() == 0


def test_the_database_refuses_a_money_donation_without_an_amount(territory):
    from django.db import IntegrityError, transaction

    from tests.volunteers.factories import make_garden
    from volunteers.models import Donation

    garden = make_garden(territory.community_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Donation.objects.create(
            project=garden, donor_name="某人", kind="money", received_on=datetime.date(2026, 3, 1)
        )


def test_adoptions_of_a_plot_do_not_overlap_and_care_lies_in_the_period(territory, secretary_a):
    from tests.volunteers.factories import make_adoption, make_garden

    adoption = make_adoption(make_garden(territory.community_a))
    with pytest.raises(ValidationError) as exc:
        services.adoption_create(
            user=secretary_a,
            plot=adoption.plot,
            adopter_name="李叔",
            starts_on=datetime.date(2026, 12, 1),
            ends_on=datetime.date(2027, 5, 31),
        )
    assert exc.value.messages == ["This plot is already adopted for part of that period."]
    with pytest.raises(ValidationError) as exc:
        services.carelog_record(user=secretary_a, adoption=adoption, cared_on=datetime.date(2027, 1, 2))
    assert exc.value.message_dict == {"cared_on": ["The day lies outside the adoption period."]}
    assert adoption.care_logs.count() == 0


def test_care_cannot_be_logged_for_tomorrow(territory, secretary_a):
    from tests.volunteers.factories import make_adoption, make_garden

    today = timezone.localdate()
    adoption = make_adoption(
        make_garden(territory.community_a),
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
    )
    with pytest.raises(ValidationError) as exc:
        services.carelog_record(
            user=secretary_a, adoption=adoption, cared_on=today + datetime.timedelta(days=1)
        )
    assert exc.value.message_dict == {"cared_on": ["Care cannot be logged for a day that has not come yet."]}
    assert adoption.care_logs.count() == 0
    services.carelog_record(user=secretary_a, adoption=adoption, cared_on=today)
    assert adoption.care_logs.count() == 1
