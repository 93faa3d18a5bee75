import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook

from governance.dataimport import services as import_services
from property import selectors, services
from property.choices import ChecklistItem, ComplaintChannel, ComplaintStatus, ServiceLevel
from property.models import Complaint, ComplaintEvent, FeeRecord, ServiceContract
from tests.factories import area_tree
from tests.property.factories import FULL_MARKS, make_company, make_complaint, make_contract, make_fee

D = datetime.date


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted by their English msgid; test_views checks the Chinese on the page."""
    with translation.override("en"):
        yield


def sign(area, company, start, end, user=None):
    return services.contract_create(
        user=user,
        company=company,
        area=area,
        starts_on=start,
        ends_on=end,
        fee_standard=Decimal("1.20"),
        service_level=ServiceLevel.STANDARD,
    )


# ------------------------------------------------------------------------------------------ contracts


def test_overlapping_contract_on_the_same_community_is_refused(territory):
    first, second = make_company(territory.street), make_company(territory.street)
    sign(territory.community_a, first, D(2017, 1, 1), D(2019, 12, 31))
    with pytest.raises(ValidationError) as exc:
        sign(territory.community_a, second, D(2019, 12, 31), D(2022, 12, 31))
    assert exc.value.messages == [
        f"梁家屯社区 is already served by {first.name} from 2017-01-01 to 2019-12-31; "
        "an area is served by one company at a time."
    ]
    assert ServiceContract.objects.count() == 1


def test_contract_on_a_building_inside_a_served_community_is_refused_and_vice_versa(territory):
    first, second = make_company(territory.street), make_company(territory.street)
    sign(territory.building_a, first, D(2020, 1, 1), D(2020, 12, 31))
    with pytest.raises(ValidationError):
        sign(territory.community_a, second, D(2020, 6, 1), D(2021, 5, 31))
    with pytest.raises(ValidationError):
        sign(territory.building_a, second, D(2020, 12, 1), D(2021, 5, 31))
    assert ServiceContract.objects.count() == 1


def test_consecutive_periods_and_other_communities_are_accepted(territory):
    first, second = make_company(territory.street), make_company(territory.street)
    sign(territory.community_a, first, D(2017, 1, 1), D(2019, 12, 31))
    sign(territory.community_a, second, D(2020, 1, 1), D(2022, 12, 31))
    sign(territory.community_b, first, D(2018, 1, 1), D(2022, 12, 31))
    assert ServiceContract.objects.count() == 3


def test_contract_level_period_and_scope_are_checked(territory, secretary_b):
    company = make_company(territory.street)
    with pytest.raises(ValidationError) as exc:
        sign(territory.grid_a, company, D(2020, 1, 1), D(2020, 12, 31))
    assert exc.value.message_dict == {"area": ["A contract covers a community or a building."]}
    with pytest.raises(ValidationError) as exc:
        sign(territory.community_a, company, D(2020, 1, 1), D(2019, 12, 31))
    assert exc.value.message_dict == {"ends_on": ["A contract cannot end before it starts."]}
    with pytest.raises(ValidationError) as exc:
        sign(territory.community_a, company, D(2020, 1, 1), D(2020, 12, 31), user=secretary_b)
    assert exc.value.message_dict == {"area": ["This place is outside the area you answer for."]}
    assert ServiceContract.objects.count() == 0


# ------------------------------------------------------------------------------------------------ fees


def test_fee_sums_are_exact_where_floats_are_not(territory):
    make_contract(territory.building_a)
    # Ten months of 0.10 yuan billed and 0.20 collected in one: floats make them 0.9999999999999999.
    for month in range(1, 11):
        make_fee(territory.building_a, period=D(2025, month, 1), billed="0.10", collected="0.10")
    assert sum([0.1] * 10) == 0.9999999999999999
    assert sum([0.1, 0.2]) == 0.30000000000000004
    totals = FeeRecord.objects.totals()
    assert totals == {"billed": Decimal("1.00"), "collected": Decimal("1.00")}
    make_fee(territory.building_a, period=D(2025, 11, 1), billed="0.20", collected="0.20")
    assert str(FeeRecord.objects.filter(period__gte=D(2025, 10, 1)).totals()["billed"]) == "0.30"


def test_fee_records_take_the_serving_company_and_correct_a_month_only_when_asked(territory):
    contract = make_contract(territory.building_a)
    record = make_fee(territory.building_a, billed="1000.00", collected="900.00", correct=False)
    with pytest.raises(ValidationError) as exc:
        make_fee(territory.building_a, billed="1000.00", collected="950.00", correct=False)
    assert [e.code for e in exc.value.error_list] == ["conflict"]
    assert FeeRecord.objects.get().collected == Decimal("900.00")
    again = make_fee(territory.building_a, billed="1000.00", collected="950.00", correct=True)
    assert again.pk == record.pk
    assert FeeRecord.objects.get().collected == Decimal("950.00")
    assert record.company == contract.company


@pytest.mark.parametrize(
    ("billed", "collected", "message"),
    [
        ("100.00", "100.01", {"collected": ["Collected cannot exceed billed."]}),
        ("100.001", "1.00", {"billed": ["Amounts are in yuan with at most two decimals."]}),
    ],
)
def test_fee_amounts_are_checked(territory, billed, collected, message):
    make_contract(territory.building_a)
    with pytest.raises(ValidationError) as exc:
        make_fee(territory.building_a, billed=billed, collected=collected)
    assert exc.value.message_dict == message
    assert FeeRecord.objects.count() == 0


def test_fee_without_a_contract_is_refused(territory):
    with pytest.raises(ValidationError) as exc:
        make_fee(territory.building_a, period=D(2026, 10, 1))
    assert exc.value.message_dict == {"area": ["No property company has a contract for 1号楼 in 2026-10."]}


def test_collection_rates_by_community_company_and_month(territory):
    ca = make_contract(territory.building_a)
    cb = make_contract(territory.building_b)
    _, _, _, _, other = area_tree("新城区", "梁家屯路街道", "梁家屯社区", "第一网格", "2号楼")
    make_contract(other, company=ca.company)
    make_fee(territory.building_a, D(2026, 9, 1), "1000.00", "800.00")
    make_fee(other, D(2026, 9, 1), "1000.00", "700.00")
    make_fee(territory.building_a, D(2026, 10, 1), "3000.00", "3000.00")
    make_fee(territory.building_b, D(2026, 10, 1), "300.00", "100.00")
    fees = FeeRecord.objects.all()
    by_community = [
        (r["label"], r["billed"], r["collected"], r["rate"])
        for r in selectors.collection_rates(fees, "community")
    ]
    assert by_community == [
        ("梁家屯社区", Decimal("5000.00"), Decimal("4500.00"), Decimal("90.0")),
        ("西岗社区", Decimal("300.00"), Decimal("100.00"), Decimal("33.3")),
    ]
    by_company = {r["label"]: r["rate"] for r in selectors.collection_rates(fees, "company")}
    assert by_company == {ca.company.name: Decimal("90.0"), cb.company.name: Decimal("33.3")}
    by_month = [(r["label"], r["rate"]) for r in selectors.collection_rates(fees, "month")]
    assert by_month == [("2026-10", Decimal("93.9")), ("2026-09", Decimal("75.0"))]


# ---------------------------------------------------------------------------------------------- import


# The fee sheet as offices keep it: without the optional 社区区划代码 column.
FEE_HEADERS = ["社区", "网格", "楼栋", "单元", "房号", "月份", "应收金额(元)", "实收金额(元)"]


def fees_import(*, user, rows, headers=None, confirm=True):
    """Check a sheet through the data import and, if asked, confirm it; returns the batch."""
    wb = Workbook()
    ws = wb.active
    ws.append(headers or FEE_HEADERS)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    batch = import_services.import_upload(
        user=user, roster_key="fees", filename="fees.xlsx", content=buf.getvalue()
    )
    if confirm and batch.status == "checked" and batch.new_count + batch.changed_count:
        batch = import_services.import_confirm(user=user, batch=batch)
    return batch


def refused(batch) -> list:
    return [(r["row"], r["reasons"]) for r in batch.report["refused"]]


GOOD = ["梁家屯社区", "第一网格", "1号楼", None, None, "2026-10", "12800.00", "11520.50"]


def test_import_saves_a_good_sheet(territory, secretary_a):
    make_contract(territory.building_a)
    batch = fees_import(user=secretary_a, rows=[GOOD])
    assert (batch.status, batch.new_count, batch.refused_count) == ("done", 1, 0)
    record = FeeRecord.objects.get()
    assert (record.period, record.billed, record.collected) == (
        D(2026, 10, 1),
        Decimal("12800.00"),
        Decimal("11520.50"),
    )


def test_import_names_each_bad_row_and_saves_only_once_confirmed(territory, secretary_a):
    make_contract(territory.building_a)
    rows = [
        GOOD,
        ["梁家屯社区", "第一网格", "9号楼", None, None, "2026-10", "100", "50"],
        ["西岗社区", "第一网格", "1号楼", None, None, "2026-10", "100", "50"],
        ["梁家屯社区", "第一网格", "1号楼", None, None, "2026/13", "abc", "50"],
        ["梁家屯社区", "第一网格", "1号楼", None, None, "2026/11", "abc", "50"],
    ]
    batch = fees_import(user=secretary_a, rows=rows, confirm=False)
    assert FeeRecord.objects.count() == 0
    assert refused(batch) == [
        (3, ["No such place: 梁家屯社区 / 第一网格 / 9号楼."]),
        (4, ["西岗社区 / 第一网格 / 1号楼 is outside the area you answer for."]),
        (5, ["月份 must be a month written as YYYY-MM: 2026/13"]),
        (6, ["应收金额 is not a number: abc"]),
    ]
    import_services.import_confirm(user=secretary_a, batch=batch)
    assert FeeRecord.objects.count() == 1


def test_import_reports_a_duplicate_row_and_missing_headers(territory, secretary_a):
    make_contract(territory.building_a)
    batch = fees_import(user=secretary_a, rows=[GOOD, GOOD], confirm=False)
    assert refused(batch) == [(3, ["The same record is already on row 2."])]
    assert FeeRecord.objects.count() == 0
    batch = fees_import(user=secretary_a, rows=[GOOD], headers=["社区", "楼栋"])
    assert (batch.status, batch.error) == (
        "failed",
        "Missing columns: 网格、月份、应收金额(元)、实收金额(元). Download the template and keep its headers.",
    )


# ----------------------------------------------------------------------------------------- supervision


def test_inspection_scores_add_up_and_findings_are_fixed_once(territory, street_staff):
    company = make_company(territory.street)
    points = {**FULL_MARKS, ChecklistItem.CLEANING: 12}
    inspection = services.inspection_record(
        user=street_staff,
        company=company,
        area=territory.building_a,
        inspected_on=D(2026, 11, 2),
        points=points,
        findings=[{"item": "cleaning", "description": "楼道堆物", "deadline": D(2026, 11, 9)}],
    )
    assert inspection.score == 92
    finding = inspection.findings.get()
    services.finding_fix(user=street_staff, finding=finding, fixed_on=D(2026, 11, 8))
    with pytest.raises(ValidationError) as exc:
        services.finding_fix(user=street_staff, finding=finding, fixed_on=D(2026, 11, 8))
    assert exc.value.messages == ["This finding was already marked fixed."]


def test_inspection_needs_every_item_in_range(territory, street_staff):
    company = make_company(territory.street)
    with pytest.raises(ValidationError) as exc:
        services.inspection_record(
            user=street_staff,
            company=company,
            area=territory.building_a,
            inspected_on=D(2026, 11, 2),
            points={"cleaning": 20},
        )
    assert exc.value.messages == [
        "Score every checklist item: Security、Greening、Repairs、Fee transparency."
    ]
    with pytest.raises(ValidationError) as exc:
        services.inspection_record(
            user=street_staff,
            company=company,
            area=territory.building_a,
            inspected_on=D(2026, 11, 2),
            points={**FULL_MARKS, "repairs": 21},
        )
    assert exc.value.message_dict == {"repairs": ["Score between 0 and 20."]}


def test_complaint_moves_through_its_states_with_events(territory, street_staff):
    company = make_company(territory.street)
    complaint = make_complaint(territory.stairwell_a, company, street_staff)
    assert complaint.response_due == D(2026, 11, 5)
    with pytest.raises(ValidationError) as exc:
        services.complaint_resolve(
            user=street_staff, complaint=complaint, resolution="已清运", on=D(2026, 11, 3)
        )
    assert exc.value.messages == ["This is not allowed while the complaint is Received."]
    services.complaint_answer(user=street_staff, complaint=complaint, answer="明日清运", on=D(2026, 11, 3))
    services.complaint_resolve(
        user=street_staff, complaint=complaint, resolution="已清运", on=D(2026, 11, 4), satisfaction=5
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.satisfaction) == (ComplaintStatus.RESOLVED, 5)
    assert list(ComplaintEvent.objects.values_list("from_status", "to_status")) == [
        ("", "received"),
        ("received", "answered"),
        ("answered", "resolved"),
    ]


def test_council_complaint_names_its_meeting(territory, street_staff):
    company = make_company(territory.street)
    with pytest.raises(ValidationError) as exc:
        make_complaint(territory.stairwell_a, company, street_staff, channel=ComplaintChannel.COUNCIL)
    assert exc.value.message_dict == {"meeting": ["Name the council meeting the complaint was raised in."]}
    assert Complaint.objects.count() == 0


def test_scorecard_counts_a_month(territory, street_staff):
    company = make_company(territory.street)
    make_contract(territory.building_a, company=company)
    inspection = services.inspection_record(
        user=street_staff,
        company=company,
        area=territory.building_a,
        inspected_on=D(2026, 11, 2),
        points={**FULL_MARKS, "greening": 10},
        findings=[{"item": "greening", "description": "草坪枯黄", "deadline": D(2026, 11, 9)}],
    )
    services.inspection_record(
        user=street_staff,
        company=company,
        area=territory.building_a,
        inspected_on=D(2026, 11, 20),
        points=FULL_MARKS,
    )
    complaint = make_complaint(territory.stairwell_a, company, street_staff, received_on=D(2026, 11, 2))
    services.complaint_answer(user=street_staff, complaint=complaint, answer="已安排", on=D(2026, 11, 4))
    make_fee(territory.building_a, D(2026, 11, 1), "1000.00", "850.00")
    card = selectors.company_scorecard(company, D(2026, 11, 15), street_staff)
    assert (card["inspection_count"], card["average_score"]) == (2, 95.0)
    assert (card["findings_found"], card["findings_overdue"]) == (1, 1)
    assert (card["complaints"], card["complaints_answered_in_time"]) == (1, 1)
    assert card["collection_rate"] == Decimal("85.0")
    assert [f.description for f in card["inspections"][0].findings.all()] == ["草坪枯黄"]
    assert inspection.findings.get().status_on(D(2026, 11, 10)) == "overdue"


def test_placement_names_exactly_one_employer(territory):
    with pytest.raises(ValidationError) as exc:
        services.placement_create(
            user=None,
            person_name="李师傅",
            area=territory.community_a,
            position="保洁员",
            starts_on=D(2025, 3, 1),
        )
    assert exc.value.messages == ["Name either the cooperative or the property company that employs them."]


def test_council_complaint_links_the_meeting_of_its_community(territory, street_staff):
    from django.utils import timezone

    from partybuilding.choices import MeetingKind
    from partybuilding.models import Meeting

    company = make_company(territory.street)
    held = timezone.now()
    council = Meeting.objects.create(
        kind=MeetingKind.GRASSROOTS_COUNCIL, title="草根议会", area=territory.community_a, held_at=held
    )
    elsewhere = Meeting.objects.create(
        kind=MeetingKind.GRASSROOTS_COUNCIL, title="草根议会", area=territory.community_b, held_at=held
    )
    joint = Meeting.objects.create(
        kind=MeetingKind.JOINT_PARTY_BUILDING, title="党建联席会", area=territory.community_a, held_at=held
    )
    with pytest.raises(ValidationError) as exc:
        make_complaint(
            territory.stairwell_a, company, street_staff, channel=ComplaintChannel.COUNCIL, meeting=elsewhere
        )
    assert exc.value.message_dict == {"meeting": ["The meeting was held in another community."]}
    with pytest.raises(ValidationError) as exc:
        make_complaint(
            territory.stairwell_a, company, street_staff, channel=ComplaintChannel.COUNCIL, meeting=joint
        )
    assert exc.value.message_dict == {"meeting": ["Choose a grassroots council meeting."]}
    complaint = make_complaint(
        territory.stairwell_a, company, street_staff, channel=ComplaintChannel.COUNCIL, meeting=council
    )
    assert Complaint.objects.get().meeting == council == complaint.meeting


def test_import_household_rows(territory, secretary_a):
    from tests.factories import make_resident

    resident = make_resident(territory.stairwell_a, room="101")
    make_contract(territory.building_a)
    row = ["梁家屯社区", "第一网格", "1号楼", "1单元", "101", "2026-10", "96.00", "96.00"]
    missing = ["梁家屯社区", "第一网格", "1号楼", "1单元", "999", "2026-10", "96.00", "96.00"]
    batch = fees_import(user=secretary_a, rows=[row, missing], confirm=False)
    assert refused(batch) == [(3, ["No household 1单元 999 in this building."])]
    assert FeeRecord.objects.count() == 0
    batch = fees_import(user=secretary_a, rows=[row])
    assert batch.new_count == 1
    household_record = FeeRecord.objects.get()
    assert (household_record.household, household_record.area) == (resident.household, territory.building_a)
    # The same building and month as one building record would count the money twice: refused.
    batch = fees_import(user=secretary_a, rows=[GOOD])
    assert refused(batch) == [(2, ["This building's month is already kept per household."])]
    assert FeeRecord.objects.count() == 1
