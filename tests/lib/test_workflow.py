"""The one shape of state machines: a table of moves, one apply, one error, and the one move view."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils import translation

from governance.lib.workflow import EventLog, Move, Workflow
from governance.staff.choices import EvaluationStatus
from governance.staff.models import Evaluation
from partybuilding.choices import ActionStatus
from property.choices import ComplaintStatus
from property.models import Complaint, ComplaintEvent
from tests.enforcement.factories import make_case
from tests.partybuilding.factories import make_action
from tests.property.factories import make_company, make_complaint
from tests.staff.factories import make_staff
from tests.volunteers.factories import make_need

S = ComplaintStatus
D = datetime.date


def _needs_a_reply(complaint, user, **_data):
    if complaint.complainant == "匿名":
        raise ValidationError("Nobody to answer.")


def _clean_text(complaint, *, text: str = "", **_data):
    if not text.strip():
        raise ValidationError({"text": "Say something."})


def _answered(complaint, at, *, user, text: str = "", **_data):
    return {"answer": text, "answered_on": at.date()}


# A table of its own over a real model: the mechanism, not the property office's rules.
WORKFLOW = Workflow(
    statuses=ComplaintStatus,
    record_arg="complaint",
    events=EventLog(ComplaintEvent, record="complaint", at=None),
    moves=[
        Move(
            "answer", {S.RECEIVED}, S.ANSWERED, "回复", _needs_a_reply, clean=_clean_text, changes=_answered
        ),
        Move("resolve", {S.ANSWERED}, S.RESOLVED, "办结", permission="delete"),
        Move("remind", {S.RECEIVED, S.ANSWERED}, None, "提醒", permission=None),
        Move("escalate", {S.RECEIVED}, S.RESOLVED, "上报", offered=False),
    ],
)


@pytest.fixture
def complaint(territory, street_staff):
    return make_complaint(territory.stairwell_a, make_company(territory.street), street_staff)


def _row(complaint):
    return Complaint.objects.filter(pk=complaint.pk).values().get()


def test_an_illegal_move_gives_the_one_translated_error_and_changes_nothing(complaint, street_staff):
    before, events = _row(complaint), ComplaintEvent.objects.count()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        WORKFLOW.apply(complaint, "resolve", user=street_staff)
    assert exc.value.messages == ["当前状态“已受理”不能执行“办结”。"]
    assert exc.value.error_list[0].code == "illegal_move"
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        WORKFLOW.apply(complaint, "resolve", user=street_staff)
    assert exc.value.messages == ["A record that is “Received” cannot be “办结”."]
    assert (_row(complaint), ComplaintEvent.objects.count()) == (before, events)


def test_a_status_the_table_cannot_reach_from_here_is_the_same_error(complaint, street_staff):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        WORKFLOW.apply(complaint, S.RECEIVED, user=street_staff)
    assert exc.value.messages == ["当前状态“已受理”不能执行“已受理”。"]


def test_an_unknown_move_is_refused(complaint, street_staff):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        WORKFLOW.apply(complaint, "fly", user=street_staff)
    assert exc.value.messages == ["There is no step “fly”."]


def test_clean_and_check_refuse_before_anything_changes(complaint, street_staff):
    before, events = _row(complaint), ComplaintEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        WORKFLOW.apply(complaint, "answer", user=street_staff, text=" ")
    assert exc.value.message_dict == {"text": ["Say something."]}
    Complaint.objects.filter(pk=complaint.pk).update(complainant="匿名")
    with pytest.raises(ValidationError) as exc:
        WORKFLOW.apply(complaint, "answer", user=street_staff, text="明天处理")
    assert exc.value.messages == ["Nobody to answer."]
    assert ComplaintEvent.objects.count() == events
    assert _row(complaint)["status"] == before["status"] == S.RECEIVED


def test_a_move_sets_status_and_fields_and_records_the_event(complaint, street_staff):
    stale = Complaint.objects.get(pk=complaint.pk)
    result = WORKFLOW.apply(complaint, "answer", user=street_staff, note=" 已电话回复 ", text="明天清运")
    assert result is complaint
    assert (complaint.status, complaint.answer) == (S.ANSWERED, "明天清运")
    event = ComplaintEvent.objects.filter(complaint=complaint).latest("pk")
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        S.RECEIVED,
        S.ANSWERED,
        street_staff,
        "已电话回复",
    )
    # A copy read before the move is refreshed under the lock: the table sees the status of now.
    with pytest.raises(ValidationError):
        WORKFLOW.apply(stale, "answer", user=street_staff, text="又一次")
    assert stale.status == S.ANSWERED


def test_a_move_without_target_keeps_the_status_and_still_leaves_an_event(complaint, street_staff):
    WORKFLOW.apply(complaint, "remind", user=street_staff)
    assert _row(complaint)["status"] == S.RECEIVED
    assert list(ComplaintEvent.objects.filter(complaint=complaint).values_list("to_status", flat=True)) == [
        S.RECEIVED,
        S.RECEIVED,
    ]


def test_allowed_moves_follow_status_check_and_permission(complaint, street_staff, street_admin, viewer):
    names = lambda user=None: [m.name for m in WORKFLOW.allowed_moves(complaint, user)]  # noqa: E731
    assert names() == ["answer", "remind"]  # the table alone; `escalate` is never a button
    assert names(street_staff) == ["answer", "remind"]
    assert names(viewer) == ["remind"]  # no change_complaint; `remind` asks for no model permission
    Complaint.objects.filter(pk=complaint.pk).update(complainant="匿名")
    complaint.refresh_from_db()
    assert names(street_staff) == ["remind"]  # the check refuses
    Complaint.objects.filter(pk=complaint.pk).update(
        status=S.ANSWERED, answer="好", answered_on=D(2026, 11, 3)
    )
    complaint.refresh_from_db()
    assert names(street_staff) == ["remind"]  # street staff may not delete_complaint
    assert names(street_admin) == ["resolve", "remind"]


def test_the_table_reads_as_transitions_and_resolves_targets():
    assert WORKFLOW.transitions() == {
        S.RECEIVED: (S.ANSWERED, S.RESOLVED),
        S.ANSWERED: (S.RESOLVED,),
        S.RESOLVED: (),
    }
    assert WORKFLOW.resolve(S.RECEIVED, S.RESOLVED).name == "escalate"
    assert WORKFLOW.resolve(S.ANSWERED, S.RESOLVED).name == "resolve"
    assert WORKFLOW.resolve(S.RESOLVED, S.ANSWERED) is None


def test_a_table_naming_an_unknown_status_is_refused_at_start():
    with pytest.raises(ImproperlyConfigured):
        Workflow(statuses=ComplaintStatus, record_arg="c", moves=[Move("x", {"lost"}, S.RESOLVED, "x")])


def test_run_hands_the_move_to_the_registered_service(complaint, street_staff):
    table = Workflow(
        statuses=ComplaintStatus,
        record_arg="complaint",
        moves=[
            Move("answer", {S.RECEIVED}, S.ANSWERED, "回复"),
            Move("resolve", {S.ANSWERED}, S.RESOLVED, "办结"),
        ],
    )
    calls = []

    @table.service(target_arg="to_status")
    def complaint_move(*, complaint, user, to_status, **data):
        calls.append((complaint.pk, user, to_status, data))

    table.run(complaint, table.moves["resolve"], user=street_staff, note="x")
    assert calls == [(complaint.pk, street_staff, S.RESOLVED, {"note": "x"})]
    with pytest.raises(ImproperlyConfigured):
        table.service("fly")(complaint_move)


# ------------------------------------------------------------------------------ the one move view, 403


def _evaluation(territory):
    cadre = make_staff(territory.street)
    return Evaluation.objects.create(
        area=cadre.area,
        cadre=cadre,
        year=2026,
        quarter=4,
        deadline=D(2026, 12, 21),
        status=EvaluationStatus.SUBMITTED,
    )


MOVE_PAGES = {
    "need": (
        lambda t, u: make_need(t.grid_a),
        lambda o: reverse("volunteers:need-move", args=[o.pk, "accept"]),
        {},
    ),
    "case": (
        lambda t, u: make_case(t.grid_a),
        lambda o: reverse("governance:enforcement-case-move", args=[o.pk]),
        {"to_status": "drop", "drop-drop_reason": "duplicate"},
    ),
    "evaluation": (
        lambda t, u: _evaluation(t),
        lambda o: reverse("governance:staff-evaluation-move", args=[o.pk]),
        {"to": "confirm"},
    ),
    "complaint": (
        lambda t, u: make_complaint(t.stairwell_a, make_company(t.street), u),
        lambda o: reverse("property:complaint-move", args=[o.pk, "answer"]),
        {"answer": "好", "on": "2026-11-03"},
    ),
    "action": (
        lambda t, u: make_action(t.stairwell_a, owner=u),
        lambda o: reverse("partybuilding:action-move", args=[o.pk, "close"]),
        {"note": "已办"},
    ),
}


@pytest.mark.parametrize("kind", list(MOVE_PAGES))
def test_the_move_view_refuses_a_user_without_the_permission(
    kind, territory, street_staff, viewer, client_as
):
    make, url, data = MOVE_PAGES[kind]
    obj = make(territory, street_staff)
    before = type(obj).objects.filter(pk=obj.pk).values().get()
    response = client_as(viewer).post(url(obj), data)
    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).values().get() == before


def test_the_move_view_404s_for_a_move_not_in_the_table(territory, secretary_a, client_as):
    need = make_need(territory.grid_a)
    assert (
        client_as(secretary_a).post(reverse("volunteers:need-move", args=[need.pk, "fly"])).status_code == 404
    )


def test_the_detail_page_renders_only_the_moves_allowed_now(territory, secretary_a, viewer, client_as):
    action = make_action(territory.stairwell_a, owner=secretary_a)
    page = client_as(secretary_a).get(action.get_absolute_url())
    assert [b.move.name for b in page.context["moves"]] == ["progress", "close"]
    assert 'data-testid="move-close"' in page.content.decode()
    assert client_as(viewer).get(action.get_absolute_url()).context["moves"] == []
    client_as(secretary_a).post(
        reverse("partybuilding:action-move", args=[action.pk, "close"]), {"note": "已办"}
    )
    page = client_as(secretary_a).get(action.get_absolute_url())
    assert [b.move.name for b in page.context["moves"]] == ["reopen"]
    assert action.__class__.objects.get(pk=action.pk).status == ActionStatus.DONE
