"""The case pages: board, raise from a phone, detail with actions and timeline, scorecard; scope is 404."""

import pytest
from django.urls import reverse

from governance.enforcement import services
from governance.models import CaseEvent, EnforcementCase
from tests.enforcement.factories import fake_png_upload, make_case, make_category, make_department, png_upload
from tests.helpers import assert_constant_queries


@pytest.fixture
def departments(territory):
    return make_department(territory.street, "城管执法队"), make_department(territory.street, "派出所")


def test_raise_form_prefills_own_area_and_saves(territory, grid_worker, client_as):
    client = client_as(grid_worker)
    page = client.get(reverse("governance:enforcement-case-create"))
    assert page.status_code == 200
    assert page.context["form"].initial["area"] == territory.grid_a.pk
    # only places in the grid worker's own grid are offered
    assert {a.pk for a in page.context["form"].fields["area"].queryset} == {
        territory.grid_a.pk,
        territory.building_a.pk,
    }
    response = client.post(
        reverse("governance:enforcement-case-create"),
        {
            "area": territory.grid_a.pk,
            "category": make_category().pk,
            "urgency": "urgent",
            "title": "楼道堆物",
            "description": "堵塞消防通道",
            "source_kind": "grid_worker",
            "photos": [png_upload("a.png"), png_upload("b.png")],
        },
    )
    case = EnforcementCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.photos.count() == 2


def test_raise_form_keeps_input_on_bad_photo(territory, grid_worker, client_as):
    response = client_as(grid_worker).post(
        reverse("governance:enforcement-case-create"),
        {
            "area": territory.grid_a.pk,
            "category": make_category().pk,
            "urgency": "normal",
            "title": "楼道堆物",
            "description": "堵塞消防通道",
            "source_kind": "grid_worker",
            "photos": [fake_png_upload()],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"photos": ["文件内容与扩展名 .png 不符。"]}
    assert response.context["form"]["title"].value() == "楼道堆物"
    assert EnforcementCase.objects.count() == 0


def test_detail_shows_actions_waiting_and_timeline(territory, street_staff, departments, client_as):
    case = make_case(territory.grid_a, title="楼顶违建")
    services.case_summon(user=street_staff, case=case, departments=departments)
    page = client_as(street_staff).get(case.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="case-status">已吹哨<' in html
    assert [(w.who, w.what) for w in page.context["waiting"]] == [
        ("城管执法队", "签收并到场"),
        ("派出所", "签收并到场"),
    ]
    # on site follows an arrival: nothing to press yet but dropping the case
    assert [b.move.name for b in page.context["moves"]] == ["drop"]
    assert page.context["can_record"] is True and page.context["can_summon"] is True
    assert [e.kind for e in page.context["events"]] == ["moved", "summoned", "summoned", "moved"]


def test_record_step_and_illegal_move_from_the_page(territory, street_staff, departments, client_as):
    case = make_case(territory.grid_a)
    ua, _pcs = services.case_summon(user=street_staff, case=case, departments=departments)
    client = client_as(street_staff)
    response = client.post(
        reverse("governance:enforcement-summons-step", args=[ua.pk]), {"step": "arrive"}, follow=True
    )
    assert response.redirect_chain == [(case.get_absolute_url(), 302)]
    case.refresh_from_db()
    assert case.status == "on_site"
    response = client.post(
        reverse("governance:enforcement-case-move", args=[case.pk]), {"to_status": "closed"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["处于“部门已到场”的案件不能变为“已结案”。"]
    case.refresh_from_db()
    assert case.status == "on_site"


def test_secretary_of_other_community_gets_404_and_changes_nothing(
    territory, secretary_a, secretary_b, street_staff, departments, client_as
):
    case = make_case(territory.grid_a)
    [summons] = services.case_summon(user=street_staff, case=case, departments=departments[:1])
    photo = services.case_photo_add(user=street_staff, case=case, upload=png_upload())
    events = CaseEvent.objects.count()
    client = client_as(secretary_b)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(reverse("governance:enforcement-photo", args=[photo.pk])).status_code == 404
    assert (
        client.post(
            reverse("governance:enforcement-case-move", args=[case.pk]),
            {"to_status": "dropped", "drop_reason": "duplicate"},
        ).status_code
        == 404
    )
    assert client.get(reverse("governance:enforcement-case-list")).context["total"] == 0
    case.refresh_from_db()
    assert (case.status, CaseEvent.objects.count()) == ("summoned", events)
    # the community's own secretary sees it, but may not summon or record (street staff's job)
    own = client_as(secretary_a)
    assert own.get(case.get_absolute_url()).status_code == 200
    assert own.get(reverse("governance:enforcement-photo", args=[photo.pk])).status_code == 200
    assert (
        own.post(
            reverse("governance:enforcement-summons-step", args=[summons.pk]), {"step": "arrive"}
        ).status_code
        == 403
    )


def test_board_counts_and_constant_queries(territory, street_admin, departments, client_as):
    client = client_as(street_admin)
    category = make_category()

    def add(n):
        for _ in range(n):
            case = make_case(territory.stairwell_a, category=category)
            services.case_summon(user=None, case=case, departments=departments)

    url = reverse("governance:enforcement-case-list")
    count = assert_constant_queries(lambda: client.get(url), add)
    # session, user, user and group permissions, scope paths, case count, the page of cases (joined with
    # place and category), status counts, overdue summonses, top bar (assignments, unread notifications),
    # filter choices (places, categories, departments)
    assert count == 11
    page = client.get(url)
    assert page.context["total"] == 200
    assert [c for s, _label, c, _t in page.context["status_counts"] if s == "summoned"] == [200]


def test_scorecard_page(territory, street_admin, street_staff, departments, client_as):
    case = make_case(territory.grid_a)
    [summons] = services.case_summon(user=street_staff, case=case, departments=departments[:1])
    services.summons_arrive(user=street_staff, summons=summons)
    page = client_as(street_admin).get(reverse("governance:enforcement-scorecard"))
    assert page.status_code == 200
    [row] = page.context["by_department"]
    assert (row["label"], row["summonses"], row["arrive_share"]) == ("城管执法队", 1, "100%")
    assert [(w.community.name, w.cases) for w in page.context["whistle"]] == [
        ("梁家屯社区", 1),
        ("西岗社区", 0),
    ]


def test_department_pages(territory, street_admin, departments, client_as):
    client = client_as(street_admin)
    assert client.get(reverse("governance:enforcement-department-list")).context["total"] == 2
    assert client.get(departments[0].get_absolute_url()).status_code == 200


def test_board_exports_the_same_columns(territory, street_admin, client_as):
    from io import BytesIO

    from openpyxl import load_workbook

    make_case(territory.grid_a, title="楼顶违建")
    response = client_as(street_admin).get(reverse("governance:enforcement-case-list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("编号", "标题", "状态", "类别", "紧急程度", "区域", "来源", "立案时间")
    assert rows[1][1:7] == ("楼顶违建", "已立案", "违法建设", "一般", "梁家屯社区 第一网格", "网格员")


def test_department_list_constant_queries(territory, street_admin, client_as):
    client = client_as(street_admin)

    def add(n):
        for _ in range(n):
            department = make_department(territory.street)
            services.department_contact_add(department=department, name="值班室", email="duty@example.gov.cn")

    count = assert_constant_queries(
        lambda: client.get(reverse("governance:enforcement-department-list")), add
    )
    # session, user, user and group permissions, scope paths, count, the page, its contacts, top bar (2)
    assert count == 7


def test_the_community_sends_work_back_and_the_street_drops_a_case_from_the_page(
    territory, street_staff, secretary_a, departments, client_as
):
    from tests.enforcement.test_services import _to_status

    case = _to_status(make_case(territory.grid_a), "acted", street_staff, list(departments))
    client = client_as(secretary_a)
    page = client.get(case.get_absolute_url())
    assert [b.move.name for b in page.context["moves"]] == ["verify", "send_back", "drop"]
    url = reverse("governance:enforcement-case-move", args=[case.pk])
    refused = client.post(url, {"to_status": "send_back", "send_back-note": " "})
    assert refused.status_code == 400
    assert [str(m) for m in refused.context["messages"]] == ["退回案件时请说明仍存在的问题。"]
    case.refresh_from_db()
    assert case.status == "acted"
    assert client.post(url, {"to_status": "send_back", "send_back-note": "仍有残留"}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.events.latest("pk").note) == ("on_site", "仍有残留")
    response = client_as(street_staff).post(url, {"to_status": "drop", "drop-drop_reason": "duplicate"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.drop_reason, case.closed_at is not None) == ("dropped", "duplicate", True)
    assert client.get(case.get_absolute_url()).context["moves"] == []


def test_a_scorecard_column_keeps_one_unit():
    """The scorecard once said 45分钟 in one row and 2.0天 in the next; a column now reads in one unit."""
    from types import SimpleNamespace

    from django.utils import translation

    from governance.enforcement.views import delay_rows_text

    def row(label, respond, act):
        return SimpleNamespace(
            label=label,
            summonses=1,
            respond_median=respond,
            respond_p90=respond,
            arrive_share=1,
            act_median=act,
            act_p90=act,
            act_share=None,
            overdue_open=0,
        )

    with translation.override("zh-hans"):
        rows = delay_rows_text([row("城管", 45, 30), row("市监", 2 * 24 * 60, None), row("消防", 90, 50)])
    assert [r["respond_median"] for r in rows] == ["0.8小时", "48.0小时", "1.5小时"]
    assert [r["act_median"] for r in rows] == ["30分钟", "—", "50分钟"]
