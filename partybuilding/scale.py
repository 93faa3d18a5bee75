"""The large street's meetings, their decisions and follow-up actions, bulk-loaded."""

import datetime

from governance.lib.bulk import insert_rows, reserve_ids
from governance.lib.registry import scale_seeder
from partybuilding.choices import ActionStatus, MeetingKind
from partybuilding.models import Decision, FollowUpAction, Meeting

TOPICS = ["楼道堆物清理", "停车秩序", "加装电梯", "垃圾分类", "老旧小区改造", "物业服务", "四点半课堂"]


@scale_seeder("partybuilding", order=40)
def scale_partybuilding(ctx: dict) -> None:
    rng, now, start = ctx["rng"], ctx["now"], ctx["start"]
    count = ctx["size"]["meetings"]
    places = [ctx["community"].pk] + [g.pk for g in ctx["grids"]]
    owners = [ctx["secretary"].pk, ctx["grid_worker"].pk]
    span = (now - start).total_seconds()
    meetings, decisions, actions = [], [], []
    meeting_ids = iter(reserve_ids(Meeting, count))
    decision_ids = iter(reserve_ids(Decision, count))
    action_ids = iter(reserve_ids(FollowUpAction, count * 2))
    today = now.date()
    for _ in range(count):
        held = start + datetime.timedelta(seconds=rng.random() * span)
        topic = rng.choice(TOPICS)
        meeting_id, decision_id = next(meeting_ids), next(decision_ids)
        area = rng.choice(places)
        has_minutes = (now - held).days > 7 or rng.random() < 0.5
        meetings.append(
            {
                "id": meeting_id,
                "kind": rng.choice(MeetingKind.values),
                "title": f"{topic}协商会",
                "area_id": area,
                "held_at": held,
                "venue": "社区党群服务中心",
                "agenda": topic,
                "topics": [],
                "minutes": f"会议讨论了{topic}，形成决定。" if has_minutes else "",
                "minutes_recorded_at": held + datetime.timedelta(days=1) if has_minutes else None,
                "created_by_id": owners[0],
            }
        )
        decisions.append({"id": decision_id, "meeting_id": meeting_id, "text": f"落实{topic}", "position": 1})
        for a in range(2):
            due = held.date() + datetime.timedelta(days=rng.randint(7, 60))
            done = due < today and rng.random() < 0.85
            actions.append(
                {
                    "id": next(action_ids),
                    "decision_id": decision_id,
                    "area_id": area,
                    "title": f"{topic}：第{a + 1}项",
                    "owner_id": rng.choice(owners),
                    "due_on": due,
                    "progress": 100 if done else rng.choice((0, 30, 60)),
                    "status": ActionStatus.DONE if done else ActionStatus.OPEN,
                    "closing_note": "已落实" if done else "",
                    "closed_at": datetime.datetime.combine(due, datetime.time(17), now.tzinfo)
                    if done
                    else None,
                    "closed_by_id": owners[0] if done else None,
                }
            )
    insert_rows(Meeting, meetings)
    insert_rows(Decision, decisions)
    insert_rows(FollowUpAction, actions)
