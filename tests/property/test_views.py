import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from property.models import Complaint, FeeRecord, Finding, Inspection, ServiceContract
from tests.helpers import assert_constant_queries
from tests.property.factories import (
    FULL_MARKS,
    _complaint,
    _cooperative,
    _fee,
    _placement,
    _subsidy,
    make_company,
    make_complaint,
    make_contract,
    make_fee,
    make_inspection,
)

D = datetime.date

LISTS = [
    "property:company-list",
    "property:contract-list",
    "property:cooperative-list",
    "property:fee-list",
    "property:collection",
    "property:subsidy-list",
    "property:inspection-list",
    "property:complaint-list",
    "property:placement-list",
]


@pytest.fixture
def demo(territory, street_staff):
    """One of everything in community A."""
    s = territory.stairwell_a
    contract = make_contract(territory.building_a)
    make_fee(territory.building_a)
    _cooperative(s)
    _subsidy(s)
    _placement(s)
    inspection = make_inspection(
        territory.building_a,
        contract.company,
        street_staff,
        findings=[{"item": "cleaning", "description": "楼道堆物", "deadline": D(2026, 11, 9)}],
    )
    complaint = make_complaint(territory.stairwell_a, contract.company, street_staff)
    return {"contract": contract, "inspection": inspection, "complaint": complaint}


@pytest.mark.parametrize("name", LISTS)
def test_every_page_reads_in_chinese(name, demo, street_staff, client_as):
    response = client_as(street_staff).get(reverse(name), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "物业" in response.content.decode()


@pytest.mark.parametrize("name", ["property:company-detail", "property:company-scorecard"])
def test_company_pages(name, demo, street_staff, client_as):
    response = client_as(street_staff).get(reverse(name, args=[demo["contract"].company_id]))
    assert response.status_code == 200


def test_secretary_sees_only_own_community_bills_and_complaints(
    territory, secretary_a, secretary_b, grid_worker, client_as, street_staff
):
    make_contract(territory.building_a)
    make_contract(territory.building_b)
    mine = make_fee(territory.building_a)
    theirs = make_fee(territory.building_b)
    complaint_a = _complaint(territory.stairwell_a)
    complaint_b = _complaint(territory.stairwell_b)
    for user in (secretary_a, grid_worker):
        client = client_as(user)
        fees = client.get(reverse("property:fee-list"))
        assert [r.pk for r in fees.context["object_list"]] == [mine.pk]
        complaints = client.get(reverse("property:complaint-list"))
        assert [c.pk for c in complaints.context["object_list"]] == [complaint_a.pk]
        assert client.get(reverse("property:complaint-detail", args=[complaint_b.pk])).status_code == 404
    assert theirs.pk not in [
        r.pk for r in client_as(secretary_a).get(reverse("property:fee-list")).context["object_list"]
    ]
    # A move on another community's complaint is 404 and changes nothing.
    client = client_as(secretary_a)
    response = client.post(
        reverse("property:complaint-move", args=[complaint_b.pk, "answer"]),
        {"answer": "好", "on": "2026-11-03"},
    )
    assert response.status_code == 404
    complaint_b.refresh_from_db()
    assert (complaint_b.status, complaint_b.answer) == ("received", "")


def test_complaint_answer_and_resolve_through_the_page(territory, secretary_a, client_as):
    complaint = _complaint(territory.stairwell_a)
    client = client_as(secretary_a)
    url = reverse("property:complaint-move", args=[complaint.pk, "answer"])
    response = client.post(url, {"answer": "", "on": "2026-11-03"})
    assert response.status_code == 400  # the page again, with the message and what was typed
    complaint.refresh_from_db()
    assert complaint.status == "received"
    client.post(url, {"answer": "明日清运", "on": "2026-11-03"})
    client.post(
        reverse("property:complaint-move", args=[complaint.pk, "resolve"]),
        {"resolution": "已清运", "on": "2026-11-04", "satisfaction": "4"},
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.satisfaction) == ("resolved", 4)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "已清运" in page


def test_contract_overlap_shows_on_the_form(territory, street_staff, client_as):
    contract = make_contract(territory.community_a)
    other = make_company(territory.street)
    response = client_as(street_staff).post(
        reverse("property:contract-create"),
        {
            "company": other.pk,
            "area": territory.building_a.pk,
            "starts_on": "2020-01-01",
            "ends_on": "2020-12-31",
            "fee_standard": "1.50",
            "service_level": "standard",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert f"梁家屯社区已由{contract.company.name}" in response.content.decode()
    assert ServiceContract.objects.count() == 1


def test_fee_export_has_the_list_columns(territory, street_staff, client_as):
    make_contract(territory.building_a)
    make_fee(territory.building_a, billed="1234.50", collected="1000.00")
    response = client_as(street_staff).get(reverse("property:fee-list"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert rows[1][4:6] == (1234.5, 1000)
    assert len(rows) == 2


def test_inspection_with_finding_through_the_form_then_fixed(territory, street_staff, client_as):
    company = make_company(territory.street)
    client = client_as(street_staff)
    data = {
        "company": company.pk,
        "area": territory.building_a.pk,
        "inspected_on": "2026-11-02",
        **{f"points_{k}": v for k, v in FULL_MARKS.items()},
        "points_greening": "8",
        "finding_item": "greening",
        "finding_description": "草坪枯黄",
        "finding_deadline": "2026-11-09",
    }
    response = client.post(reverse("property:inspection-create"), data)
    inspection = Inspection.objects.get()
    assert response.url == inspection.get_absolute_url()
    assert inspection.score == 88
    finding = Finding.objects.get()
    client.post(reverse("property:finding-fix", args=[finding.pk]), {"fixed_on": "2026-11-08"})
    finding.refresh_from_db()
    assert finding.fixed_on == D(2026, 11, 8)


def test_grid_worker_records_a_complaint_but_cannot_answer(territory, grid_worker, client_as):
    company = make_contract(territory.community_a).company  # above the grid: still in the worker's choices
    client = client_as(grid_worker)
    response = client.post(
        reverse("property:complaint-create"),
        {
            "company": company.pk,
            "area": territory.stairwell_a.pk,
            "channel": "resident",
            "content": "电梯坏了",
            "received_on": "2026-11-02",
        },
    )
    complaint = Complaint.objects.get()
    assert response.url == complaint.get_absolute_url()
    assert complaint.response_due == D(2026, 11, 5)
    response = client.post(
        reverse("property:complaint-move", args=[complaint.pk, "answer"]),
        {"answer": "好", "on": "2026-11-03"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("name", "add", "queries"),
    [
        # session, user, user perms, group perms, scope paths, count, rows, (fees: totals), the top bar's
        # assignment and unread notifications, and the filter's place and company choices
        ("property:fee-list", lambda t, n: [_fee(t.stairwell_a) for _ in range(n)], 9),
        ("property:complaint-list", lambda t, n: [_complaint(t.stairwell_a) for _ in range(n)], 8),
    ],
)
def test_list_queries_are_constant(name, add, queries, territory, secretary_a, client_as):
    client = client_as(secretary_a)
    count = assert_constant_queries(lambda: client.get(reverse(name)), lambda n: add(territory, n))
    assert count == queries


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("property:inspection-detail", "inspection"),
        ("property:complaint-detail", "complaint"),
        ("property:company-detail", "company"),
        ("property:company-scorecard", "company"),
    ],
)
def test_other_community_detail_pages_are_404(name, key, demo, secretary_b, client_as):
    obj = demo["contract"].company if key == "company" else demo[key]
    assert client_as(secretary_b).get(reverse(name, args=[obj.pk])).status_code == 404


def test_fixing_another_communitys_finding_is_404_and_changes_nothing(demo, territory, client_as):
    from governance.territory import services as governance_services
    from governance.territory.choices import Role
    from tests.factories import UserFactory

    # Staff of the property office posted to community B: may change findings, but not A's.
    staff_b = UserFactory(username="staff_b")
    governance_services.assignment_create(user=staff_b, role=Role.STREET_STAFF, area=territory.community_b)
    finding = demo["inspection"].findings.get()
    response = client_as(staff_b).post(
        reverse("property:finding-fix", args=[finding.pk]), {"fixed_on": "2026-11-08"}
    )
    assert response.status_code == 404
    finding.refresh_from_db()
    assert finding.fixed_on is None


def test_creating_in_another_community_is_refused(territory, secretary_b, client_as):
    company = make_company(territory.street)
    make_contract(territory.community_a, company=company)
    response = client_as(secretary_b).post(
        reverse("property:complaint-create"),
        {
            "company": company.pk,
            "area": territory.stairwell_a.pk,
            "channel": "resident",
            "content": "x",
            "received_on": "2026-11-02",
        },
    )
    assert response.status_code == 200  # the form again: the place is not among her choices
    assert "area" in response.context["form"].errors
    assert Complaint.objects.count() == 0


def test_placement_counts_per_community_and_year(territory, street_staff, client_as):
    _placement(territory.stairwell_a)
    _placement(territory.stairwell_a)
    _placement(territory.stairwell_b)
    counts = client_as(street_staff).get(reverse("property:placement-list")).context["counts"]
    assert counts == {"years": [2025], "rows": [("梁家屯社区", [2], 2), ("西岗社区", [1], 1)]}


@pytest.mark.parametrize(
    "model",
    [
        "propertycompany",
        "servicecontract",
        "cooperative",
        "cooperativeagreement",
        "feerecord",
        "feesubsidy",
        "inspection",
        "finding",
        "complaint",
        "placement",
    ],
)
def test_admin_lists_and_forms_open(model, demo, client_as):
    from tests.factories import UserFactory

    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = client_as(admin)
    assert client.get(f"/admin/property/{model}/").status_code == 200
    assert client.get(f"/admin/property/{model}/add/").status_code == 200


def test_record_a_buildings_month_through_the_form(territory, secretary_a, client_as):
    make_contract(territory.building_a)
    client = client_as(secretary_a)
    data = {"area": territory.building_a.pk, "month": "2026-10", "billed": "5000.10", "collected": "5000.20"}
    response = client.post(reverse("property:fee-create"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "实收不能超过应收。" in response.content.decode()
    assert FeeRecord.objects.count() == 0
    response = client.post(reverse("property:fee-create"), {**data, "collected": "4000.00"})
    assert response.status_code == 302
    assert FeeRecord.objects.get().collected == Decimal("4000.00")


def test_recording_a_month_already_recorded_says_so_and_keeps_what_was_typed(
    territory, secretary_a, client_as
):
    make_contract(territory.building_a)
    make_fee(territory.building_a, D(2026, 10, 1), "12345.00", "10000.00")
    client = client_as(secretary_a)
    form = {
        "area": territory.building_a.pk,
        "month": "2026-10",
        "billed": "12345.00",
        "collected": "12000.00",
    }
    response = client.post(reverse("property:fee-create"), form)
    assert response.status_code == 200
    assert "已有 2026-10 的物业费记录（应收 12,345.00 元，实收 10,000.00 元）" in response.content.decode()
    assert response.context["form"]["collected"].value() == "12000.00"
    assert FeeRecord.objects.get().collected == Decimal("10000.00")
    corrected = client.post(reverse("property:fee-create"), {**form, "correct": "on"})
    assert corrected.status_code == 302
    assert FeeRecord.objects.get().collected == Decimal("12000.00")
