"""The status machine, summonses and responses: every legal step works, every illegal one is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.enforcement import services
from governance.enforcement.choices import CaseStatus, DropReason, SourceKind, Urgency
from governance.enforcement.services import TRANSITIONS
from governance.models import CaseEvent, CasePhoto, EnforcementCase, Summons
from tests.enforcement.factories import (
    fake_png_upload,
    make_case,
    make_category,
    make_department,
    past,
    png_upload,
)

S = CaseStatus


@pytest.fixture
def departments(territory):
    return make_department(territory.street, "城管执法队"), make_department(territory.street, "派出所")


def _to_status(case, target, user, departments):
    """Drive a case along the happy path up to `target` through the services."""
    path = [S.SUMMONED, S.ON_SITE, S.ACTED, S.VERIFIED, S.CLOSED]
    for step in path[: path.index(target) + 1]:
        if step == S.SUMMONED:
            services.case_summon(user=user, case=case, departments=departments)
        elif step == S.ON_SITE:
            for s in case.summonses.all():
                services.summons_arrive(user=user, summons=s)
        elif step == S.ACTED:
            for s in case.summonses.all():
                services.summons_act(user=user, summons=s, note="已拆除")
        else:
            services.case_move(user=user, case=case, to_status=step)
    case.refresh_from_db()
    return case


def test_case_raise_records_source_and_first_event(territory, grid_worker):
    case = services.case_raise(
        user=grid_worker,
        area=territory.grid_a,
        category=make_category(),
        title="楼顶违建",
        description="1号楼楼顶搭建彩钢房",
        source_kind=SourceKind.NEED,
        source_ref="需求-2026-0012",
        urgency=Urgency.URGENT,
        photos=[png_upload()],
    )
    assert (case.status, case.source_kind, case.source_ref, case.raised_by) == (
        S.RAISED,
        SourceKind.NEED,
        "需求-2026-0012",
        grid_worker,
    )
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.from_status, event.to_status, event.actor) == (
        "moved",
        "",
        S.RAISED,
        grid_worker,
    )
    assert CasePhoto.objects.filter(case=case).count() == 1


def test_case_raise_refuses_bad_input_and_saves_nothing(territory, grid_worker):
    with pytest.raises(ValidationError) as exc:
        services.case_raise(
            user=grid_worker,
            area=territory.grid_b,  # another community
            category=make_category(),
            title=" ",
            description="",
            source_kind="rumour",
            photos=[fake_png_upload()],
        )
    errors = exc.value.message_dict
    assert errors == {
        "area": ["该地点不在您负责的范围内。"],
        "source_kind": ["请选择案件来源。"],
        "title": ["请填写案件简要标题。"],
        "description": ["请描述现场情况。"],
        "photos": ["文件内容与扩展名 .png 不符。"],
    }
    assert EnforcementCase.objects.count() == 0
    assert CasePhoto.objects.count() == 0


def test_case_raise_refuses_street_level_place(territory, street_staff):
    with pytest.raises(ValidationError) as exc:
        make_case(territory.street, user=street_staff)
    assert exc.value.message_dict["area"] == ["案件须发生在社区内：请选择社区、网格、楼栋或单元。"]


def test_summons_deadlines_follow_urgency_pinggu_rule(territory, street_staff, departments):
    case = make_case(territory.grid_a, urgency=Urgency.URGENT)
    moment = past(minutes=5)
    summonses = services.case_summon(user=street_staff, case=case, departments=departments, at=moment)
    assert [s.respond_by - s.summoned_at for s in summonses] == [datetime.timedelta(minutes=30)] * 2
    assert [s.act_by - s.summoned_at for s in summonses] == [datetime.timedelta(hours=4)] * 2
    case.refresh_from_db()
    assert case.status == S.SUMMONED


def test_limits_are_data(territory, street_staff, departments):
    from governance.models import PortalSetting

    PortalSetting.objects.update_or_create(key="enforcement.normal.arrive_minutes", defaults={"value": 90})
    case = make_case(territory.grid_a, urgency=Urgency.NORMAL)
    [summons] = services.case_summon(user=street_staff, case=case, departments=departments[:1])
    assert summons.respond_by - summons.summoned_at == datetime.timedelta(minutes=90)
    assert summons.act_by - summons.summoned_at == datetime.timedelta(days=5)


def test_happy_path_records_every_step_with_who_and_when(territory, street_staff, secretary_a, departments):
    case = make_case(territory.grid_a, at=past(hours=5))
    ua, pcs = services.case_summon(user=street_staff, case=case, departments=departments, at=past(hours=4))
    services.summons_acknowledge(user=street_staff, summons=ua, at=past(hours=3, minutes=50))
    services.summons_arrive(user=street_staff, summons=ua, at=past(hours=3))
    case.refresh_from_db()
    assert case.status == S.ON_SITE  # the first arrival puts the case on site
    services.summons_arrive(user=street_staff, summons=pcs, at=past(hours=2))
    services.summons_act(user=street_staff, summons=ua, note="责令拆除", at=past(hours=1))
    case.refresh_from_db()
    assert case.status == S.ON_SITE  # the police station has not acted yet
    services.summons_act(user=street_staff, summons=pcs, note="登记住户", at=past(minutes=30))
    case.refresh_from_db()
    assert case.status == S.ACTED
    services.case_move(user=secretary_a, case=case, to_status=S.VERIFIED, note="居民确认")
    services.case_move(user=street_staff, case=case, to_status=S.CLOSED)
    case.refresh_from_db()
    assert case.status == S.CLOSED and case.closed_at is not None
    pcs.refresh_from_db()
    assert (pcs.acknowledged_by, pcs.arrived_by, pcs.acted_by) == (street_staff, street_staff, street_staff)
    assert pcs.acknowledged_at == pcs.arrived_at  # arriving without a call counts as acknowledging
    timeline = [
        (e.kind, e.to_status, e.summons.department.name if e.summons else "")
        for e in case.events.select_related("summons__department")
    ]
    assert timeline == [
        ("moved", S.RAISED, ""),
        ("summoned", "", "城管执法队"),
        ("summoned", "", "派出所"),
        ("moved", S.SUMMONED, ""),
        ("acknowledged", "", "城管执法队"),
        ("arrived", "", "城管执法队"),
        ("moved", S.ON_SITE, ""),
        ("arrived", "", "派出所"),
        ("acted", "", "城管执法队"),
        ("acted", "", "派出所"),
        ("moved", S.ACTED, ""),
        ("moved", S.VERIFIED, ""),
        ("moved", S.CLOSED, ""),
    ]


ILLEGAL = [(src, dst) for src in S.values for dst in S.values if dst not in TRANSITIONS[src]]


@pytest.mark.parametrize(("src", "dst"), ILLEGAL, ids=[f"{a}->{b}" for a, b in ILLEGAL])
def test_every_illegal_move_is_refused(src, dst, territory, street_staff, departments):
    case = make_case(territory.grid_a)
    if src == S.DROPPED:
        services.case_move(
            user=street_staff, case=case, to_status=S.DROPPED, drop_reason=DropReason.DUPLICATE
        )
        case.refresh_from_db()
    elif src != S.RAISED:
        case = _to_status(case, src, street_staff, list(departments))
    events_before = case.events.count()
    with pytest.raises(ValidationError) as exc:
        services.case_move(
            user=street_staff, case=case, to_status=dst, drop_reason=DropReason.OTHER, note="x"
        )
    assert exc.value.messages == [f"处于“{S(src).label}”的案件不能变为“{S(dst).label}”。"]
    case.refresh_from_db()
    assert case.status == src
    assert case.events.count() == events_before


def test_guarded_moves_say_why(territory, street_staff, departments):
    case = make_case(territory.grid_a)
    with pytest.raises(ValidationError) as exc:
        services.case_move(user=street_staff, case=case, to_status=S.SUMMONED)
    assert exc.value.messages == ["请先召集至少一个部门。"]
    services.case_summon(user=street_staff, case=case, departments=departments)
    with pytest.raises(ValidationError) as exc:
        services.case_move(user=street_staff, case=case, to_status=S.ON_SITE)
    assert exc.value.messages == ["被召集的部门尚未到场。"]
    ua = case.summonses.get(department=departments[0])
    services.summons_arrive(user=street_staff, summons=ua)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.case_move(user=street_staff, case=case, to_status=S.ACTED)
    assert exc.value.messages == ["以下部门尚未处置：城管执法队、派出所。"]
    with pytest.raises(ValidationError) as exc:
        services.case_move(user=street_staff, case=case, to_status=S.DROPPED)
    assert exc.value.message_dict == {"drop_reason": ["请选择撤销原因。"]}
    with pytest.raises(ValidationError) as exc:
        services.case_move(user=street_staff, case=case, to_status=S.DROPPED, drop_reason=DropReason.OTHER)
    assert exc.value.message_dict == {"note": ["请说明撤销案件的理由。"]}
    case.refresh_from_db()
    assert case.status == S.ON_SITE


def test_drop_keeps_reason_and_closes(territory, street_staff):
    case = make_case(territory.grid_a)
    services.case_move(
        user=street_staff,
        case=case,
        to_status=S.DROPPED,
        drop_reason=DropReason.NO_JURISDICTION,
        note="转园林",
    )
    case.refresh_from_db()
    assert (case.status, case.drop_reason, case.drop_note) == (
        S.DROPPED,
        DropReason.NO_JURISDICTION,
        "转园林",
    )
    assert case.closed_at is not None


def test_community_can_send_back_unfixed_work(territory, street_staff, secretary_a, departments):
    case = _to_status(make_case(territory.grid_a), S.ACTED, street_staff, list(departments))
    with pytest.raises(ValidationError) as exc:
        services.case_move(user=secretary_a, case=case, to_status=S.ON_SITE)
    assert exc.value.message_dict == {"note": ["退回案件时请说明仍存在的问题。"]}
    services.case_move(user=secretary_a, case=case, to_status=S.ON_SITE, note="违建仅拆除一半")
    case.refresh_from_db()
    assert case.status == S.ON_SITE


def test_summon_refusals(territory, street_staff, departments):
    case = make_case(territory.grid_a)
    with pytest.raises(ValidationError) as exc:
        services.case_summon(user=street_staff, case=case, departments=[])
    assert exc.value.message_dict == {"departments": ["请至少选择一个部门。"]}
    services.case_summon(user=street_staff, case=case, departments=departments[:1])
    with pytest.raises(ValidationError) as exc:
        services.case_summon(user=street_staff, case=case, departments=departments)
    assert exc.value.message_dict == {"departments": ["以下部门已被召集到本案：城管执法队。"]}
    assert Summons.objects.filter(case=case).count() == 1
    closed = _to_status(make_case(territory.grid_a), S.CLOSED, street_staff, [departments[0]])
    with pytest.raises(ValidationError) as exc:
        services.case_summon(user=street_staff, case=closed, departments=departments[1:])
    assert exc.value.messages == ["处于“已结案”的案件不能再召集部门。"]


def test_response_steps_refuse_wrong_order_and_times(territory, street_staff, departments):
    case = make_case(territory.grid_a, at=past(hours=3))
    [summons] = services.case_summon(
        user=street_staff, case=case, departments=departments[:1], at=past(hours=2)
    )
    with pytest.raises(ValidationError) as exc:
        services.summons_act(user=street_staff, summons=summons, note="处置")
    assert exc.value.messages == ["请先登记城管执法队到场。"]
    with pytest.raises(ValidationError) as exc:
        services.summons_arrive(user=street_staff, summons=summons, at=past(hours=3))
    assert exc.value.message_dict == {"at": ["时间早于签收时间。"]}
    with pytest.raises(ValidationError) as exc:
        services.summons_arrive(
            user=street_staff, summons=summons, at=timezone.now() + datetime.timedelta(hours=1)
        )
    assert exc.value.message_dict == {"at": ["时间不能晚于现在。"]}
    services.summons_arrive(user=street_staff, summons=summons)
    with pytest.raises(ValidationError) as exc:
        services.summons_arrive(user=street_staff, summons=summons)
    assert exc.value.messages == ["城管执法队已到场。"]
    with pytest.raises(ValidationError) as exc:
        services.summons_act(user=street_staff, summons=summons, note=" ")
    assert exc.value.message_dict == {"note": ["请填写部门的处置情况。"]}
    summons.refresh_from_db()
    assert summons.acted_at is None


def test_photo_checked_and_refused_on_finished_case(territory, grid_worker, street_staff):
    case = make_case(territory.grid_a)
    with pytest.raises(ValidationError) as exc:
        services.case_photo_add(user=grid_worker, case=case, upload=fake_png_upload())
    assert exc.value.message_dict == {"image": ["文件内容与扩展名 .png 不符。"]}
    services.case_photo_add(user=grid_worker, case=case, upload=png_upload())
    services.case_move(user=street_staff, case=case, to_status=S.DROPPED, drop_reason=DropReason.DUPLICATE)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.case_photo_add(user=grid_worker, case=case, upload=png_upload())
    assert exc.value.messages == ["案件已办结，不能再添加照片。"]
    assert case.photos.count() == 1
