"""Every move offered both as a page POST and as an API action: each persona gets the same answer from both.

For each move and persona, one fresh record is moved through the page and another through the API.
The two outcomes must be equal: refused for want of a permission (403), out of scope (404), or
answered, and whether the record moved. So a permission required on one side only shows up here,
as does a service check one side skips. The street administrator must move the record on both
sides, so a pair whose payloads are wrong cannot pass by being refused twice.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import resolve
from rest_framework.permissions import SAFE_METHODS
from rest_framework.test import APIClient

from config.api import router
from governance.enforcement import services as enforcement_services
from governance.enforcement.models import CasePhoto, Summons
from governance.models import PersonalDataAccess
from governance.staff.models import Evaluation
from partybuilding import services as party_services
from partybuilding.models import MemberFileEntry, MemberTransfer, PledgeDelivery
from property import services as property_services
from property.models import Complaint, Finding
from tests.enforcement.factories import make_case, make_category, make_department, png_upload
from tests.factories import AREA_FACTORIES, UserFactory, load_area_factories, make_resident
from tests.partybuilding.factories import make_action, make_meeting, make_member, make_pledge, org_chain
from tests.staff.factories import make_staff
from tests.volunteers.factories import make_need, make_record, make_volunteer
from volunteers import services as need_services

load_area_factories()

PERSONAS = ["street_admin", "street_staff", "secretary_a", "secretary_b", "grid_worker", "viewer"]


@dataclass
class Move:
    """One move: a fresh record ready for it, the page's and the API's request, and whether it happened."""

    name: str
    make: Callable  # (ctx) -> record
    page: Callable  # (record, ctx) -> (url, form data)
    api: Callable  # (record, ctx) -> (url, JSON or multipart data)
    moved: Callable  # (record) -> bool, read from the database
    multipart: bool = False


def _fresh(obj):
    return type(obj)._base_manager.get(pk=obj.pk)


# ------------------------------------------------------------------------------------------- needs


def _need(ctx, *steps):
    need = make_need(ctx.territory.stairwell_a)
    for step in steps:
        need = step(need, ctx.boss)
    return need


def _accepted(need, boss):
    return need_services.need_accept(need=need, user=boss)


def _assigned(need, boss):
    return need_services.need_assign(need=need, user=boss, department="街道民政科")


def _done(need, boss):
    return need_services.need_complete(need=need, user=boss)


def _flagged(need, boss):
    """As the residents' intake leaves a likely duplicate: flagged against an earlier need."""
    earlier = make_need(need.area)
    type(need).objects.filter(pk=need.pk).update(duplicate_of=earlier)
    return _fresh(need)


def _need_move(name, steps, page_data, api_data, moved, api_path=None):
    return Move(
        f"need {name}",
        make=lambda ctx: _need(ctx, *steps),
        page=lambda n, ctx: (f"/services/needs/{n.pk}/{name}/", page_data),
        api=lambda n, ctx: (f"/api/services/needs/{n.pk}/{api_path or name}/", api_data),
        moved=moved,
    )


NEED_MOVES = [
    _need_move("accept", (), {}, {}, lambda n: _fresh(n).status == "accepted"),
    _need_move(
        "decline",
        (),
        {"decline-reason": "不在服务范围"},
        {"reason": "不在服务范围"},
        lambda n: _fresh(n).status == "declined",
    ),
    _need_move(
        "assign",
        (_accepted,),
        {"assign-department": "街道民政科"},
        {"department": "街道民政科"},
        lambda n: _fresh(n).status == "assigned",
    ),
    _need_move(
        "complete",
        (_accepted, _assigned),
        {"complete-outcome": "solved"},
        {"outcome": "solved"},
        lambda n: _fresh(n).status == "done",
    ),
    _need_move(
        "rate",
        (_accepted, _assigned, _done),
        {"rate-rating": "5"},
        {"rating": 5},
        lambda n: _fresh(n).status == "rated",
    ),
    _need_move("close", (_accepted, _assigned, _done), {}, {}, lambda n: _fresh(n).status == "closed"),
    _need_move(
        "reopen",
        (_accepted, _assigned, _done),
        {"reopen-reason": "还在漏水"},
        {"reason": "还在漏水"},
        lambda n: _fresh(n).status == "assigned",
    ),
    _need_move(
        "quality_check",
        (_accepted, _assigned, _done),
        {"quality_check-score": "4"},
        {"score": 4},
        lambda n: _fresh(n).quality_score == 4,
        api_path="quality-check",
    ),
    _need_move("merge", (_flagged,), {}, {}, lambda n: _fresh(n).status == "declined"),
    _need_move(
        "keep_both",
        (_flagged,),
        {},
        {},
        lambda n: _fresh(n).duplicate_of_id is None,
        api_path="keep-both",
    ),
    Move(
        "need escalate",
        make=lambda ctx: _need(ctx),
        page=lambda n, ctx: (
            f"/services/needs/{n.pk}/escalate/",
            {"escalate-category": ctx.category.pk, "escalate-urgency": "normal"},
        ),
        api=lambda n, ctx: (
            f"/api/services/needs/{n.pk}/escalate/",
            {"category": ctx.category.pk, "urgency": "normal"},
        ),
        moved=lambda n: _fresh(n).case_id is not None,
    ),
]

RECORD_MOVES = [
    Move(
        f"service record {decision}",
        make=lambda ctx: make_record(make_volunteer(ctx.territory.community_a)),
        page=lambda r, ctx, d=decision: (f"/services/records/{r.pk}/{d}/", {}),
        api=lambda r, ctx, d=decision: (f"/api/services/records/{r.pk}/{d}/", {}),
        moved=lambda r, s=status: _fresh(r).status == s,
    )
    for decision, status in (("confirm", "confirmed"), ("reject", "rejected"))
]

# -------------------------------------------------------------------------------- joint enforcement


def _summons(ctx, *steps):
    summons = AREA_FACTORIES[Summons](ctx.territory.stairwell_a)
    for step in steps:
        kwargs = {"note": "已处置"} if step == "act" else {}
        summons = enforcement_services.SUMMONS_STEPS[step](user=ctx.boss, summons=summons, **kwargs)
    return summons


CASE_MOVES = [
    Move(
        "case move",
        make=lambda ctx: make_case(ctx.territory.stairwell_a),
        page=lambda c, ctx: (
            f"/cases/{c.pk}/move/",
            {"to_status": "dropped", "drop-drop_reason": "duplicate"},
        ),
        api=lambda c, ctx: (
            f"/api/enforcement/cases/{c.pk}/move/",
            {"to_status": "dropped", "drop_reason": "duplicate"},
        ),
        moved=lambda c: _fresh(c).status == "dropped",
    ),
    Move(
        "case summon",
        make=lambda ctx: make_case(ctx.territory.stairwell_a),
        page=lambda c, ctx: (f"/cases/{c.pk}/summon/", {"departments": [ctx.department.pk]}),
        api=lambda c, ctx: (
            f"/api/enforcement/cases/{c.pk}/summon/",
            {"departments": [ctx.department.pk]},
        ),
        moved=lambda c: Summons.objects.filter(case=c).exists(),
    ),
    Move(
        "case photo",
        make=lambda ctx: make_case(ctx.territory.stairwell_a),
        page=lambda c, ctx: (f"/cases/{c.pk}/photos/", {"image": png_upload()}),
        api=lambda c, ctx: (f"/api/enforcement/cases/{c.pk}/photos/", {"image": png_upload()}),
        moved=lambda c: CasePhoto.objects.filter(case=c).exists(),
        multipart=True,
    ),
    *(
        Move(
            f"summons {step}",
            make=lambda ctx, before=before: _summons(ctx, *before),
            page=lambda s, ctx, step=step: (f"/cases/summons/{s.pk}/", {"step": step, "note": "已处置"}),
            api=lambda s, ctx, step=step: (f"/api/enforcement/summonses/{s.pk}/{step}/", {"note": "已处置"}),
            moved=lambda s, field=field: getattr(_fresh(s), field) is not None,
        )
        for step, before, field in (
            ("acknowledge", (), "acknowledged_at"),
            ("arrive", ("acknowledge",), "arrived_at"),
            ("act", ("acknowledge", "arrive"), "acted_at"),
        )
    ),
]

# -------------------------------------------------------------------------------------- evaluations

SCORES = {"morality": 90, "ability": 85, "diligence": 88, "performance": 92, "integrity": 95}


def _evaluation(ctx, status, evaluator):
    evaluation = AREA_FACTORIES[Evaluation](ctx.territory.stairwell_a)
    Evaluation.objects.filter(pk=evaluation.pk).update(status=status, grade="excellent", **SCORES)
    evaluation.evaluators.add(evaluator)
    return evaluation


EVALUATION_MOVES = [
    Move(
        f"evaluation {source} to {target}",
        # The persona scores what it submits; someone else scored what it confirms or returns.
        make=lambda ctx, s=source: _evaluation(ctx, s, ctx.actor if s == "pending" else UserFactory()),
        page=lambda e, ctx, t=target: (f"/staff/evaluations/{e.pk}/move/", {"to": t}),
        api=lambda e, ctx, t=target: (f"/api/staff/evaluations/{e.pk}/move/", {"to": t}),
        moved=lambda e, t=target: _fresh(e).status == t,
    )
    for source, target in (("pending", "submitted"), ("submitted", "confirmed"), ("submitted", "pending"))
] + [
    Move(
        "evaluations open a quarter",
        # The cadre is made just before each request, so each side's outcome shows on its own cadre.
        make=lambda ctx: make_staff(ctx.territory.community_a),
        page=lambda cadre, ctx: ("/staff/evaluations/open/", {"year": 2026, "quarter": 3}),
        api=lambda cadre, ctx: ("/api/staff/evaluations/open-quarter/", {"year": 2026, "quarter": 3}),
        moved=lambda cadre: Evaluation.objects.filter(cadre=cadre, year=2026, quarter=3).exists(),
    ),
]

# ----------------------------------------------------------------------------------------- property


def _answered_complaint(ctx):
    complaint = AREA_FACTORIES[Complaint](ctx.territory.stairwell_a)
    return property_services.complaint_answer(
        user=ctx.boss, complaint=complaint, answer="明日修", on=complaint.received_on
    )


PROPERTY_MOVES = [
    Move(
        "complaint answer",
        make=lambda ctx: AREA_FACTORIES[Complaint](ctx.territory.stairwell_a),
        page=lambda c, ctx: (
            f"/property/complaints/{c.pk}/answer/",
            {"answer": "已答复", "on": "2026-11-03"},
        ),
        api=lambda c, ctx: (
            f"/api/property/complaints/{c.pk}/answer/",
            {"answer": "已答复", "on": "2026-11-03"},
        ),
        moved=lambda c: _fresh(c).status == "answered",
    ),
    Move(
        "complaint resolve",
        make=_answered_complaint,
        page=lambda c, ctx: (
            f"/property/complaints/{c.pk}/resolve/",
            {"resolution": "已修", "on": "2026-11-04", "satisfaction": "5"},
        ),
        api=lambda c, ctx: (
            f"/api/property/complaints/{c.pk}/resolve/",
            {"resolution": "已修", "on": "2026-11-04", "satisfaction": 5},
        ),
        moved=lambda c: _fresh(c).status == "resolved",
    ),
    Move(
        "finding fix",
        make=lambda ctx: AREA_FACTORIES[Finding](ctx.territory.stairwell_a),
        page=lambda f, ctx: (f"/property/findings/{f.pk}/fix/", {"fixed_on": "2026-11-08"}),
        api=lambda f, ctx: (f"/api/property/findings/{f.pk}/fix/", {"fixed_on": "2026-11-08"}),
        moved=lambda f: _fresh(f).fixed_on == datetime.date(2026, 11, 8),
    ),
]

# ------------------------------------------------------------------------------------ party building


def _closed_action(ctx):
    action = make_action(ctx.territory.stairwell_a)
    return party_services.action_move(user=ctx.boss, action=action, move="close", note="已办结")


TRANSFER = {"transferred_on": "2026-05-01"}
FILE_ENTRY = {"kind": "award", "recorded_on": "2026-05-01", "text": "优秀党员"}

PARTY_MOVES = [
    Move(
        "member transfer",
        make=lambda ctx: make_member(ctx.territory.stairwell_a),
        page=lambda m, ctx: (f"/party/members/{m.pk}/transfer/", {**TRANSFER, "to_organisation": ctx.org.pk}),
        api=lambda m, ctx: (
            f"/api/party/members/{m.pk}/transfer/",
            {**TRANSFER, "to_organisation": ctx.org.pk},
        ),
        moved=lambda m: MemberTransfer.objects.filter(member=m).exists(),
    ),
    Move(
        "member file entry",
        make=lambda ctx: make_member(ctx.territory.stairwell_a),
        page=lambda m, ctx: (f"/party/members/{m.pk}/file/", FILE_ENTRY),
        api=lambda m, ctx: (f"/api/party/members/{m.pk}/file/", FILE_ENTRY),
        moved=lambda m: MemberFileEntry.objects.filter(member=m).exists(),
    ),
    Move(
        "meeting minutes",
        make=lambda ctx: make_meeting(ctx.territory.stairwell_a),
        page=lambda m, ctx: (f"/party/meetings/{m.pk}/minutes/", {"minutes": "议定三件事"}),
        api=lambda m, ctx: (f"/api/party/meetings/{m.pk}/minutes/", {"minutes": "议定三件事"}),
        moved=lambda m: _fresh(m).minutes == "议定三件事",
    ),
    Move(
        "pledge delivery",
        make=lambda ctx: make_pledge(ctx.territory.stairwell_a),
        page=lambda p, ctx: (
            f"/party/pledges/{p.pk}/deliveries/",
            {"delivered_on": "2026-05-01", "quantity": "100"},
        ),
        api=lambda p, ctx: (
            f"/api/party/pledges/{p.pk}/deliver/",
            {"delivered_on": "2026-05-01", "quantity": "100"},
        ),
        moved=lambda p: PledgeDelivery.objects.filter(pledge=p).exists(),
    ),
    Move(
        "action progress",
        make=lambda ctx: make_action(ctx.territory.stairwell_a),
        page=lambda a, ctx: (f"/party/actions/{a.pk}/progress/", {"progress": "50"}),
        api=lambda a, ctx: (f"/api/party/actions/{a.pk}/move/", {"move": "progress", "progress": 50}),
        moved=lambda a: _fresh(a).progress == 50,
    ),
    Move(
        "action close",
        make=lambda ctx: make_action(ctx.territory.stairwell_a),
        page=lambda a, ctx: (f"/party/actions/{a.pk}/close/", {"note": "已办结"}),
        api=lambda a, ctx: (f"/api/party/actions/{a.pk}/move/", {"move": "close", "note": "已办结"}),
        moved=lambda a: _fresh(a).status == "done",
    ),
    Move(
        "action reopen",
        make=_closed_action,
        page=lambda a, ctx: (f"/party/actions/{a.pk}/reopen/", {}),
        api=lambda a, ctx: (f"/api/party/actions/{a.pk}/move/", {"move": "reopen"}),
        moved=lambda a: _fresh(a).status == "open",
    ),
]

# ---------------------------------------------------------------------------------------- residents

RESIDENT_MOVES = [
    Move(
        "resident reveal",
        make=lambda ctx: make_resident(ctx.territory.stairwell_a, room="302"),
        page=lambda r, ctx: (f"/residents/{r.pk}/reveal/", {}),
        api=lambda r, ctx: (f"/api/territory/residents/{r.pk}/reveal/", {}),
        moved=lambda r: PersonalDataAccess.objects.filter(resident=r).exists(),
    ),
    Move(
        "need requester phone reveal",
        make=lambda ctx: make_need(ctx.territory.grid_a, requester_phone="13912345678"),
        page=lambda n, ctx: (f"/services/needs/{n.pk}/reveal/", {}),
        api=lambda n, ctx: (f"/api/services/needs/{n.pk}/reveal/", {}),
        moved=lambda n: PersonalDataAccess.objects.filter(
            record_type="volunteers.need", record_id=n.pk
        ).exists(),
    ),
]

MOVES = [
    *NEED_MOVES,
    *RECORD_MOVES,
    *CASE_MOVES,
    *EVALUATION_MOVES,
    *PROPERTY_MOVES,
    *PARTY_MOVES,
    *RESIDENT_MOVES,
]


def _outcome(response, moved: bool) -> tuple[str, bool]:
    answer = {403: "forbidden", 404: "out of scope"}.get(response.status_code, "answered")
    return answer, moved


@pytest.fixture
def ctx(territory):
    return SimpleNamespace(
        territory=territory,
        # Prepares records (a superuser: every service lets it), never makes the move under test.
        boss=UserFactory(username="boss", is_superuser=True),
        category=make_category(),
        department=make_department(territory.community_a, "城管执法队"),
        org=org_chain(territory.stairwell_a)[3],
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("move", MOVES, ids=lambda m: m.name)
def test_page_and_api_agree(move, persona, ctx, request):
    user = request.getfixturevalue(persona)
    ctx.actor = user

    on_page = move.make(ctx)
    url, data = move.page(on_page, ctx)
    page = Client()
    page.force_login(user)
    page_outcome = _outcome(page.post(url, data), move.moved(on_page))

    on_api = move.make(ctx)
    url, data = move.api(on_api, ctx)
    api = APIClient()
    api.force_authenticate(user)
    response = api.post(url, data, format="multipart" if move.multipart else "json")
    api_outcome = _outcome(response, move.moved(on_api))

    assert page_outcome == api_outcome, response.content
    if persona == "street_admin":
        assert page_outcome == ("answered", True)


# API actions that write and have no page to agree with, and why.
API_ONLY = {
    "notification-read": "the user's own notification, marked read by opening it on the page",
    "resident-search": "finding residents by number is a POST that writes nothing but the personal-data log; its "
    "page form (按号码查找) is tested beside it in tests/residents/test_number_search.py",
}


def test_every_api_action_that_writes_is_paired_above():
    """A new write action joins MOVES (with its page) or API_ONLY (with the reason it has none)."""
    record = SimpleNamespace(pk=1)
    fake = SimpleNamespace(category=record, department=record, org=record)
    paired = {resolve(move.api(record, fake)[0]).url_name for move in MOVES}
    writes = {
        f"{basename}-{extra.url_name}"
        for _prefix, viewset, basename in router.registry
        for extra in viewset.get_extra_actions()
        if set(extra.mapping) - {m.lower() for m in SAFE_METHODS}
    }
    assert writes - set(API_ONLY) == paired
