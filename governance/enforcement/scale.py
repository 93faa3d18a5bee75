"""The large street's joint-enforcement cases, with their summonses and timelines, bulk-loaded."""

import datetime

from governance.enforcement.choices import CaseStatus, DropReason, SourceKind, Urgency
from governance.enforcement.models import (
    CaseCategory,
    CaseEvent,
    EnforcementCase,
    EnforcementDepartment,
    Summons,
)
from governance.lib.bulk import insert_rows, reserve_ids
from governance.lib.registry import scale_seeder

PATH = [
    CaseStatus.RAISED,
    CaseStatus.SUMMONED,
    CaseStatus.ON_SITE,
    CaseStatus.ACTED,
    CaseStatus.VERIFIED,
    CaseStatus.CLOSED,
]
TITLES = ["占道经营", "违法建设", "噪音扰民", "油烟污染", "私搭乱建", "井盖缺失", "路灯损坏", "群租房隐患"]


@scale_seeder("enforcement", order=30)
def scale_enforcement(ctx: dict) -> None:
    rng, now, start = ctx["rng"], ctx["now"], ctx["start"]
    count = ctx["size"]["cases"]
    categories = list(CaseCategory.objects.values_list("pk", flat=True))
    departments = list(EnforcementDepartment.objects.values_list("pk", flat=True))
    places = [a.pk for a in ctx["grids"]] + [a.pk for a in ctx["stairwells"]]
    secretary = ctx["secretary"].pk
    span = (now - start).total_seconds()
    cases, summonses, events = [], [], []
    case_ids = iter(reserve_ids(EnforcementCase, count))
    summons_ids = iter(reserve_ids(Summons, count * 2))
    event_ids = iter(reserve_ids(CaseEvent, count * 9))
    for _ in range(count):
        raised = start + datetime.timedelta(seconds=rng.random() * span)
        age_days = (now - raised).days
        reach = (
            rng.choice(PATH[1:])
            if age_days < 14
            else (CaseStatus.CLOSED if rng.random() < 0.9 else CaseStatus.DROPPED)
        )
        case_id = next(case_ids)
        moment = raised
        steps = [(CaseStatus.RAISED, moment)]
        dropped = reach == CaseStatus.DROPPED
        if not dropped:
            for status in PATH[1 : PATH.index(reach) + 1]:
                moment = min(now, moment + datetime.timedelta(hours=rng.uniform(0.5, 30)))
                steps.append((status, moment))
        else:
            moment = moment + datetime.timedelta(hours=rng.uniform(1, 48))
            steps.append((CaseStatus.DROPPED, moment))
        cases.append(
            {
                "id": case_id,
                "area_id": rng.choice(places),
                "category_id": rng.choice(categories),
                "title": rng.choice(TITLES),
                "description": "居民反映，需相关部门联合处置。",
                "urgency": rng.choice(Urgency.values),
                "status": reach,
                "source_kind": rng.choice(SourceKind.values),
                "raised_by_id": secretary,
                "raised_at": raised,
                "closed_at": moment if reach in (CaseStatus.CLOSED, CaseStatus.DROPPED) else None,
                "drop_reason": DropReason.NO_JURISDICTION if dropped else "",
            }
        )
        previous = ""
        for status, at in steps:
            events.append(
                {
                    "id": next(event_ids),
                    "case_id": case_id,
                    "kind": CaseEvent.Kind.MOVED,
                    "from_status": previous,
                    "to_status": status,
                    "actor_id": secretary,
                    "at": at,
                    "recorded_at": at,
                }
            )
            previous = status
        reached = dict(steps)
        if CaseStatus.SUMMONED in reached:
            summoned = reached[CaseStatus.SUMMONED]
            for department in rng.sample(departments, k=min(len(departments), rng.choice((1, 2)))):
                arrived = reached.get(CaseStatus.ON_SITE)
                acted = reached.get(CaseStatus.ACTED)
                summons_id = next(summons_ids)
                summonses.append(
                    {
                        "id": summons_id,
                        "case_id": case_id,
                        "department_id": department,
                        "summoned_at": summoned,
                        "summoned_by_id": secretary,
                        "respond_by": summoned + datetime.timedelta(hours=2),
                        "act_by": summoned + datetime.timedelta(days=1),
                        "acknowledged_at": arrived or (summoned if rng.random() < 0.5 else None),
                        "arrived_at": arrived,
                        "acted_at": acted,
                        "action_note": "已处置" if acted else "",
                    }
                )
                events.append(
                    {
                        "id": next(event_ids),
                        "case_id": case_id,
                        "kind": CaseEvent.Kind.SUMMONED,
                        "summons_id": summons_id,
                        "actor_id": secretary,
                        "at": summoned,
                        "recorded_at": summoned,
                    }
                )
    insert_rows(EnforcementCase, cases)
    insert_rows(Summons, summonses)
    insert_rows(CaseEvent, events)
