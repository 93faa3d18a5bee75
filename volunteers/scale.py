"""The large street's needs (with their timelines and ratings) and service records, bulk-loaded."""

import datetime
from decimal import Decimal

from governance.lib.bulk import insert_rows, reserve_ids
from governance.lib.registry import scale_seeder
from governance.residents.scale import resident_name
from volunteers.choices import STAFF_CHANNELS, NeedMove, NeedStatus, Outcome, RecordStatus, Urgency
from volunteers.models import (
    Need,
    NeedDeadline,
    NeedEvent,
    ServiceCategory,
    ServiceRecord,
    Volunteer,
    VolunteerTeam,
)
from volunteers.services import need_rollup_rebuild

S = NeedStatus
URGENCIES = [Urgency.GENERAL] * 6 + [Urgency.UTILITIES] * 2 + [Urgency.EMERGENCY, Urgency.COMPLEX]


def _after(rng, moment, hours, now):
    """A moment some time after `moment`: mostly within `hours`, sometimes late; never after now."""
    late = rng.random() < 0.12
    return min(
        now,
        moment + datetime.timedelta(hours=hours * (rng.uniform(1.05, 3) if late else rng.uniform(0.05, 0.9))),
    )


def _need(rng, need_id, submitted, limits, now, ctx, resident):
    """One need and its events, carried as far as its age allows."""
    urgency = rng.choice(URGENCIES)
    respond_hours, resolve_hours = limits[urgency]
    row = {
        "id": need_id,
        "area_id": resident[1] if rng.random() < 0.5 else rng.choice(ctx["grid_ids"]),
        "resident_id": resident[0],
        "requester_name": resident[2],
        "requester_phone": resident[3],
        "category_id": rng.choice(ctx["category_ids"]),
        "description": "居民反映的需求",
        "urgency": urgency,
        "channel": rng.choice(STAFF_CHANNELS),
        "status": S.SUBMITTED,
        "submitted_at": submitted,
        "respond_by": submitted + datetime.timedelta(hours=respond_hours),
        "resolve_by": submitted + datetime.timedelta(hours=resolve_hours),
        "responded_at": None,
        "done_at": None,
        "closed_at": None,
        "outcome": "",
        "rating": None,
        "created_by_id": ctx["grid_worker"].pk,
    }
    events = [(NeedMove.SUBMIT, "", S.SUBMITTED, submitted)]

    def step(move, to, at):
        events.append((move, row["status"], to, at))
        row["status"] = to

    moment = _after(rng, submitted, respond_hours, now)
    if moment >= now:
        return row, events
    if rng.random() < 0.04:
        row.update(responded_at=moment, decline_reason="不属于服务范围")
        step(NeedMove.DECLINE, S.DECLINED, moment)
        return row, events
    row["responded_at"] = moment
    step(NeedMove.ACCEPT, S.ACCEPTED, moment)
    moment = min(now, moment + datetime.timedelta(minutes=rng.randint(5, 240)))
    row["assigned_department"] = "社区服务站"
    step(NeedMove.ASSIGN, S.ASSIGNED, moment)
    reopen = rng.random() < 0.03
    for round_ in range(2 if reopen else 1):
        moment = _after(rng, moment, resolve_hours, now)
        if moment >= now:
            return row, events
        row.update(done_at=moment, outcome=Outcome.SOLVED if rng.random() < 0.9 else Outcome.PARTLY)
        step(NeedMove.COMPLETE, S.DONE, moment)
        moment = min(now, moment + datetime.timedelta(hours=rng.uniform(1, 72)))
        if moment >= now or rng.random() < 0.1:
            return row, events
        row["rating"] = rng.choice((2, 3) if reopen and round_ == 0 else (3, 4, 4, 5, 5, 5))
        row.setdefault("first_rating", row["rating"])
        step(NeedMove.RATE, S.RATED, moment)
        if reopen and round_ == 0:
            moment = moment + datetime.timedelta(hours=2)
            if moment >= now:
                return row, events
            row.update(done_at=None, rating=None, outcome="")
            step(NeedMove.REOPEN, S.ASSIGNED, moment)
    moment = min(now, moment + datetime.timedelta(hours=rng.uniform(1, 48)))
    if moment < now:
        row["closed_at"] = moment
        step(NeedMove.CLOSE, S.CLOSED, moment)
    return row, events


@scale_seeder("volunteers", order=50)
def scale_volunteers(ctx: dict) -> None:
    rng, now, start = ctx["rng"], ctx["now"], ctx["start"]
    community, size = ctx["community"], ctx["size"]
    ctx["category_ids"] = list(ServiceCategory.objects.values_list("pk", flat=True))
    ctx["grid_ids"] = [g.pk for g in ctx["grids"]]
    limits = {d.urgency: (d.respond_hours, d.resolve_hours) for d in NeedDeadline.objects.all()}
    team = VolunteerTeam.objects.create(name="家服务志愿队", area=community)
    volunteers = Volunteer.objects.bulk_create(
        Volunteer(name=resident_name(rng), area=rng.choice(ctx["grids"]), team=team)
        for _ in range(size["volunteers"])
    )
    span = (now - start).total_seconds()
    needs, events = [], []
    need_ids = iter(reserve_ids(Need, size["needs"]))
    residents = ctx["residents"]
    actor = ctx["secretary"].pk
    for _ in range(size["needs"]):
        submitted = start + datetime.timedelta(seconds=rng.random() * span)
        row, steps = _need(rng, next(need_ids), submitted, limits, now, ctx, rng.choice(residents))
        needs.append(row)
        for move, from_status, to_status, at in steps:
            events.append(
                {
                    "need_id": row["id"],
                    "move": move,
                    "from_status": from_status,
                    "to_status": to_status,
                    "actor_id": actor,
                    "at": at,
                }
            )
    event_ids = iter(reserve_ids(NeedEvent, len(events)))
    for event in events:
        event["id"] = next(event_ids)
    insert_rows(Need, needs)
    insert_rows(NeedEvent, events)
    need_rollup_rebuild(within=community)
    ctx["needs"] = needs

    records = []
    record_ids = iter(reserve_ids(ServiceRecord, size["service_records"]))
    days = max(1, (now - start).days)
    for _ in range(size["service_records"]):
        volunteer = rng.choice(volunteers)
        served_on = (start + datetime.timedelta(days=rng.randrange(days))).date()
        confirmed = rng.random() < 0.8
        records.append(
            {
                "id": next(record_ids),
                "area_id": volunteer.area_id,
                "volunteer_id": volunteer.pk,
                "team_id": team.pk,
                "served_name": resident_name(rng),
                "served_on": served_on,
                "hours": Decimal(rng.choice(("0.5", "1.0", "1.5", "2.0", "3.0"))),
                "status": RecordStatus.CONFIRMED if confirmed else RecordStatus.REPORTED,
                "reported_by_id": ctx["grid_worker"].pk,
                "confirmed_by_id": actor if confirmed else None,
                "confirmed_at": datetime.datetime.combine(served_on, datetime.time(18), now.tzinfo)
                if confirmed
                else None,
            }
        )
    insert_rows(ServiceRecord, records)
