import datetime
from decimal import Decimal

import pytest

from property.models import Complaint, FeeRecord, Inspection, ServiceContract
from tests.helpers import api_ids, assert_constant_queries
from tests.property.factories import _complaint, _fee, make_company, make_contract, make_fee

D = datetime.date


def test_contract_overlap_is_a_400_with_the_message(territory, street_staff, api_as):
    make_contract(territory.community_a)
    other = make_company(territory.street)
    response = api_as(street_staff).post(
        "/api/property/contracts/",
        {
            "company": other.pk,
            "area": territory.building_a.pk,
            "starts_on": "2020-01-01",
            "ends_on": "2020-12-31",
            "fee_standard": "1.50",
            "service_level": "standard",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "一家物业公司" in response.json()["error"]["message"]
    assert ServiceContract.objects.count() == 1


def test_fee_post_is_exact_and_corrects_the_month_only_when_asked(territory, secretary_a, api_as):
    make_contract(territory.building_a)
    api = api_as(secretary_a)
    body = {"area": territory.building_a.pk, "period": "2026-10-01", "billed": "1234.30", "collected": "0.10"}
    first = api.post("/api/property/fees/", body, format="json")
    assert first.status_code == 201
    assert (first.json()["billed"], first.json()["area"]) == ("1234.30", territory.building_a.pk)
    # The same month again, without saying it corrects: refused as a conflict, the first figures kept.
    again = api.post("/api/property/fees/", {**body, "collected": "0.20"}, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    assert "已有 2026-10 的物业费记录（应收 1,234.30 元" in again.json()["error"]["message"]
    assert FeeRecord.objects.get().collected == Decimal("0.10")
    second = api.post("/api/property/fees/", {**body, "collected": "0.20", "correct": True}, format="json")
    assert second.status_code == 201
    assert second.json()["id"] == first.json()["id"]
    assert FeeRecord.objects.get().collected == Decimal("0.20")


def test_fee_post_outside_scope_is_refused_and_nothing_saved(territory, secretary_a, api_as):
    make_contract(territory.building_b)
    response = api_as(secretary_a).post(
        "/api/property/fees/",
        {"area": territory.building_b.pk, "period": "2026-10-01", "billed": "10.00", "collected": "5.00"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["area"]
    assert FeeRecord.objects.count() == 0


def test_collection_rate_endpoint(territory, street_staff, api_as):
    make_contract(territory.building_a)
    make_fee(territory.building_a, D(2026, 9, 1), "1000.00", "800.00")
    make_fee(territory.building_a, D(2026, 10, 1), "1000.00", "950.00")
    rows = api_as(street_staff).get("/api/property/fees/collection-rate/", {"by": "month"}).json()
    assert [(r["label"], r["billed"], r["collected"], r["rate"]) for r in rows] == [
        ("2026-10", "1000.00", "950.00", "95.0"),
        ("2026-09", "1000.00", "800.00", "80.0"),
    ]
    bad = api_as(street_staff).get("/api/property/fees/collection-rate/", {"by": "street"})
    assert bad.status_code == 400


def test_inspection_post_with_findings_and_fix(territory, street_staff, api_as):
    company = make_company(territory.street)
    api = api_as(street_staff)
    response = api.post(
        "/api/property/inspections/",
        {
            "company": company.pk,
            "area": territory.building_a.pk,
            "inspected_on": "2026-11-02",
            "points": {"cleaning": 10, "security": 20, "greening": 20, "repairs": 20, "fee_transparency": 20},
            "findings": [{"item": "cleaning", "description": "垃圾满溢", "deadline": "2026-11-09"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["score"] == 90
    assert data["points"]["cleaning"] == 10
    [finding] = data["finding_list"]
    fixed = api.post(
        f"/api/property/findings/{finding['id']}/fix/", {"fixed_on": "2026-11-08"}, format="json"
    )
    assert fixed.json()["fixed_on"] == "2026-11-08"
    assert Inspection.objects.get().findings.get().fixed_on == D(2026, 11, 8)


def test_complaint_moves_and_outsider_404(territory, secretary_a, secretary_b, api_as):
    complaint = _complaint(territory.stairwell_a)
    outsider = api_as(secretary_b).post(
        f"/api/property/complaints/{complaint.pk}/answer/",
        {"answer": "好", "on": "2026-11-03"},
        format="json",
    )
    assert outsider.status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == "received"
    api = api_as(secretary_a)
    wrong = api.post(
        f"/api/property/complaints/{complaint.pk}/resolve/",
        {"resolution": "已修", "on": "2026-11-03"},
        format="json",
    )
    assert wrong.status_code == 400
    answered = api.post(
        f"/api/property/complaints/{complaint.pk}/answer/",
        {"answer": "明日修", "on": "2026-11-03"},
        format="json",
    )
    assert answered.json()["status"] == "answered"
    resolved = api.post(
        f"/api/property/complaints/{complaint.pk}/resolve/",
        {"resolution": "已修", "on": "2026-11-04", "satisfaction": 5},
        format="json",
    )
    assert (resolved.json()["status"], resolved.json()["satisfaction"]) == ("resolved", 5)
    assert Complaint.objects.get().events.count() == 3


def test_scorecard_endpoint(territory, street_staff, api_as):
    contract = make_contract(territory.building_a)
    make_fee(territory.building_a, D(2026, 10, 1), "1000.00", "900.00")
    response = api_as(street_staff).get(
        f"/api/property/companies/{contract.company_id}/scorecard/", {"month": "2026-10"}
    )
    assert response.json()["collection_rate"] == "90.0"
    assert (
        api_as(street_staff).get(f"/api/property/companies/{contract.company_id}/scorecard/").status_code
        == 400
    )


def test_grid_worker_api_sees_own_community_bills_only(territory, grid_worker, api_as):
    mine = _fee(territory.stairwell_a)
    _fee(territory.stairwell_b)
    assert api_ids(api_as(grid_worker).get("/api/property/fees/")) == [mine.pk]


@pytest.mark.parametrize(
    ("url", "add", "queries"),
    [
        # Permissions and scope paths are cached on the forced user after the warm-up call, so:
        # the rows (keyset pagination: no count)
        ("/api/property/fees/", lambda t, n: [_fee(t.stairwell_a) for _ in range(n)], 1),
        # the count and the rows
        ("/api/property/complaints/", lambda t, n: [_complaint(t.stairwell_a) for _ in range(n)], 2),
    ],
)
def test_api_list_queries_are_constant(url, add, queries, territory, secretary_a, api_as):
    api = api_as(secretary_a)
    count = assert_constant_queries(lambda: api.get(url, {"page_size": 200}), lambda n: add(territory, n))
    assert count == queries
