"""The API: intake and workflow through actions, scope (404 and nothing changed), lists at constant queries."""

import pytest

from tests.factories import area_tree
from tests.helpers import api_ids, assert_constant_queries
from tests.volunteers import factories as f
from volunteers.models import Need, NeedEvent


def intake(territory, **extra):
    return {
        "area": territory.grid_a.pk,
        "requester_name": "王大爷",
        "category": f.category().pk,
        "description": "楼道灯坏了",
        "urgency": "utilities",
        "channel": "grid_worker",
        **extra,
    }


def test_grid_worker_records_a_need_and_a_secretary_runs_the_workflow(
    territory, grid_worker, secretary_a, api_as
):
    response = api_as(grid_worker).post("/api/services/needs/", intake(territory), format="json")
    assert response.status_code == 201, response.json()
    need_id = response.json()["id"]
    assert response.json()["status"] == "submitted"
    assert response.json()["area"] == territory.grid_a.pk

    # The grid worker records, the secretary answers.
    assert api_as(grid_worker).post(f"/api/services/needs/{need_id}/accept/").status_code == 403
    api = api_as(secretary_a)
    assert api.post(f"/api/services/needs/{need_id}/accept/").json()["status"] == "accepted"
    assert api.post(f"/api/services/needs/{need_id}/assign/", {"department": "供电所"}, format="json").json()[
        "status"
    ] == ("assigned")
    assert api.post(f"/api/services/needs/{need_id}/complete/", {"outcome": "partly"}, format="json").json()[
        "outcome"
    ] == ("partly")
    assert (
        api.post(
            f"/api/services/needs/{need_id}/rate/", {"rating": 4, "comment": "好"}, format="json"
        ).json()["rating"]
        == 4
    )
    assert api.post(f"/api/services/needs/{need_id}/close/").json()["status"] == "closed"
    detail = api.get(f"/api/services/needs/{need_id}/").json()
    assert [(e["move"], e["actor"]) for e in detail["events"]] == [
        ("submit", "grid_worker"),
        ("accept", "secretary_a"),
        ("assign", "secretary_a"),
        ("complete", "secretary_a"),
        ("rate", "secretary_a"),
        ("close", "secretary_a"),
    ]


def test_an_illegal_move_is_a_400_with_the_message(territory, secretary_a, api_as):
    need = f.make_need(territory.grid_a)
    response = api_as(secretary_a).post(f"/api/services/needs/{need.pk}/close/")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "“已提交”状态的需求不能执行“关闭”。"
    need.refresh_from_db()
    assert need.status == "submitted"


def test_bad_intake_is_refused_and_nothing_saved(territory, grid_worker, api_as):
    response = api_as(grid_worker).post(
        "/api/services/needs/", intake(territory, description="  "), format="json"
    )
    assert response.status_code == 400
    assert Need.objects.count() == 0


@pytest.mark.parametrize("missing", ["urgency", "channel"])
def test_intake_without_urgency_or_channel_is_a_400_naming_the_field(territory, grid_worker, api_as, missing):
    data = intake(territory)
    del data[missing]
    response = api_as(grid_worker).post("/api/services/needs/", data, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [missing]
    assert Need.objects.count() == 0


def test_outsider_cannot_move_a_need(territory, secretary_b, api_as):
    need = f.make_need(territory.grid_a)
    assert api_as(secretary_b).post(f"/api/services/needs/{need.pk}/accept/").status_code == 404
    need.refresh_from_db()
    assert need.status == "submitted"
    assert NeedEvent.objects.filter(need=need).count() == 1


def test_outsider_cannot_record_a_need_in_another_community(territory, secretary_b, api_as):
    response = api_as(secretary_b).post("/api/services/needs/", intake(territory), format="json")
    assert response.status_code == 400
    assert Need.objects.count() == 0


def test_grid_worker_sees_only_their_grid(territory, grid_worker, secretary_a, api_as):
    *_, other_grid = area_tree("新城区", "梁家屯路街道", "梁家屯社区", "第二网格")
    mine = f.make_need(territory.grid_a)
    theirs = f.make_need(other_grid)
    api = api_as(grid_worker)
    assert api_ids(api.get("/api/services/needs/")) == [mine.pk]
    assert api.get(f"/api/services/needs/{theirs.pk}/").status_code == 404
    assert sorted(api_ids(api_as(secretary_a).get("/api/services/needs/"))) == sorted([mine.pk, theirs.pk])


def test_suggestions_best_first(territory, secretary_a, api_as):
    care = f.category()
    need = f.make_need(territory.grid_a, cat=care)
    near = f.make_item(territory.community_a, cat=care, served=[territory.grid_a], name="网格服务")
    far = f.make_item(territory.street, cat=care, name="街道服务")
    response = api_as(secretary_a).get(f"/api/services/needs/{need.pk}/suggestions/")
    assert [(s["kind"], s["id"]) for s in response.json()] == [("item", near.pk), ("item", far.pk)]


def test_hours_confirmed_through_the_api(territory, grid_worker, secretary_a, api_as):
    vol = f.make_volunteer(territory.grid_a)
    response = api_as(grid_worker).post(
        "/api/services/records/",
        {"volunteer": vol.pk, "served_on": "2026-11-01", "hours": "2.0", "served_name": "李奶奶"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    record_id = response.json()["id"]
    assert response.json()["status"] == "reported"
    assert api_as(grid_worker).post(f"/api/services/records/{record_id}/confirm/").status_code == 403
    confirmed = api_as(secretary_a).post(f"/api/services/records/{record_id}/confirm/")
    assert confirmed.json()["status"] == "confirmed"


# ------------------------------------------------------------------------------------ lists: constant queries

LISTS = [
    # endpoint, maker(territory) -> one row in community A, pinned queries once the user's permissions and
    # scope are cached (they are, after the warm-up fetch): keyset lists read one page; page-numbered lists
    # count, then read the page; each prefetch adds one.
    ("needs", lambda t: f.make_need(t.grid_a), 1),  # page (category joined)
    ("items", lambda t: f.make_item(t.community_a), 3),  # count, page, areas served
    ("teams", lambda t: f.make_team(t.community_a), 2),  # count, page
    ("volunteers", lambda t: f.make_volunteer(t.grid_a), 3),  # count, page, skills
    ("records", lambda t: f.make_record(f.make_volunteer(t.grid_a)), 1),  # page
    ("garden-projects", lambda t: f.make_garden(t.community_a), 2),  # count, page
    ("donations", lambda t: f.AREA_DONATION(t.stairwell_a), 2),  # count, page (project joined)
    (
        "adoptions",
        lambda t: f.make_adoption(f.make_garden(t.community_a)),
        2,
    ),  # count, page (plot, project joined)
    ("care-logs", lambda t: f.AREA_CARELOG(t.stairwell_a), 2),  # count, page (adoption, plot, project joined)
]


@pytest.mark.parametrize(("endpoint", "maker", "pinned"), LISTS, ids=[e[0] for e in LISTS])
def test_lists_cost_constant_queries(endpoint, maker, pinned, territory, secretary_a, api_as):
    api = api_as(secretary_a)

    def fetch():
        response = api.get(f"/api/services/{endpoint}/", {"page_size": 200})
        assert response.status_code == 200

    def add(n):
        for _ in range(n):
            maker(territory)

    assert assert_constant_queries(fetch, add) == pinned
    assert len(api_ids(api.get(f"/api/services/{endpoint}/", {"page_size": 200}))) == 200


def test_service_items_are_written_in_scope(territory, secretary_a, api_as):
    from volunteers.models import ServiceItem

    payload = {
        "name": "四点半课堂",
        "category": f.category("四点半课堂").pk,
        "area": territory.community_b.pk,
        "provider_kind": "department",
        "provider_name": "社区居委会",
        "capacity": 30,
        "areas_served": [territory.grid_a.pk],
    }
    api = api_as(secretary_a)
    assert api.post("/api/services/items/", payload, format="json").status_code == 400
    assert ServiceItem.objects.count() == 0
    response = api.post("/api/services/items/", {**payload, "area": territory.community_a.pk}, format="json")
    assert response.status_code == 201, response.json()
    item = ServiceItem.objects.get()
    assert (item.area, list(item.areas_served.all())) == (territory.community_a, [territory.grid_a])
    missing_team = api.patch(f"/api/services/items/{item.pk}/", {"provider_kind": "team"}, format="json")
    assert missing_team.status_code == 400
    assert missing_team.json()["error"]["message"] == "服务队提供的项目须指明服务队。"
    item.refresh_from_db()
    assert item.provider_kind == "department"
