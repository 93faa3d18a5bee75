"""Party organisations as a roster: template, check, confirm, the same file as .xls and GBK CSV, undo."""

import io

import pytest
from openpyxl import load_workbook

from governance.dataimport.choices import BatchStatus
from governance.models import ImportBatch
from governance.territory import services as territory_services
from partybuilding import services
from partybuilding.choices import OrgLevel
from partybuilding.models import PartyOrganisation
from tests.dataimport.helpers import csv_bytes, headers, upload, xlsx_bytes
from tests.partybuilding.factories import make_unit

H = headers("party-organisations")
GRID_A = "新城区/梁家屯路街道/梁家屯社区/第一网格"


def rows():
    return [
        ["梁家屯路街道党工委", "街道党工委", "", "新城区/梁家屯路街道", "新城区区委", "", "王书记"],
        ["梁家屯社区党委", "社区党组织", "370202001001", "", "梁家屯路街道党工委", "", ""],  # by its code
        ["梁家屯第一网格党支部", "网格党支部", "", GRID_A, "梁家屯社区党委", "", "张书记"],
        # the bad row: 西岗's grid does not lie in 梁家屯社区, its parent's place
        [
            "西岗第一网格党支部",
            "网格党支部",
            "",
            "新城区/梁家屯路街道/西岗社区/第一网格",
            "梁家屯社区党委",
            "",
            "",
        ],
        ["市供电公司党委", "", "", "", "", "市供电公司", "李书记"],  # a resident unit's own
    ]


@pytest.fixture
def street(territory):
    territory_services.area_update(area=territory.community_a, name="梁家屯社区", code="370202001001")
    services.organisation_create(
        user=None, name="新城区区委", area=territory.district, level=OrgLevel.DISTRICT_COMMITTEE
    )
    make_unit(territory.community_a, name="市供电公司")
    return territory


def _check(client, name: str, content: bytes) -> ImportBatch:
    upload(client, "party-organisations", name, content)
    return ImportBatch.objects.order_by("-id").first()


def test_the_template_has_the_columns_and_the_scoped_choices(street, street_admin, client_as):
    chart = client_as(street_admin).get("/party/").content.decode()
    assert "/imports/party-organisations/template/" in chart  # downloadable from the list itself
    response = client_as(street_admin).get("/imports/party-organisations/template/")
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["数据"][1]] == H
    assert not any(c.value for row in book["数据"].iter_rows(min_row=2) for c in row)  # no example row
    options = {c[0].value: [x.value for x in c[1:] if x.value] for c in book["选项"].iter_cols()}
    assert options["层级"] == ["区委", "街道党工委", "社区党组织", "网格党支部"]
    assert options["上级党组织"] == ["新城区区委"] and options["所属驻区单位"] == ["市供电公司"]
    assert book["数据"]["C2"].number_format == "@"  # the division code stays text


def test_preview_names_the_bad_row_and_confirm_saves_the_good_ones(street, street_admin, client_as):
    client = client_as(street_admin)
    batch = _check(client, "党组织.xlsx", xlsx_bytes(H, rows()))
    assert (batch.status, batch.new_count, batch.refused_count) == (BatchStatus.CHECKED, 4, 1), batch.report
    assert batch.report["refused"] == [{"row": 5, "reasons": ["上级组织的区域必须包含本组织的区域。"]}]
    assert PartyOrganisation.objects.count() == 1
    page = client.get(f"/imports/batch/{batch.pk}/").content.decode()
    assert "上级组织的区域必须包含本组织的区域" in page
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.new_count == 4
    branch = PartyOrganisation.objects.get(name="梁家屯第一网格党支部")
    assert (branch.level, branch.area, branch.secretary_name) == (
        OrgLevel.GRID_BRANCH,
        street.grid_a,
        "张书记",
    )
    chain = [branch.parent.name, branch.parent.parent.name, branch.parent.parent.parent.name]
    assert chain == ["梁家屯社区党委", "梁家屯路街道党工委", "新城区区委"]
    assert PartyOrganisation.objects.get(name="梁家屯社区党委").area == street.community_a
    unit_org = PartyOrganisation.objects.get(name="市供电公司党委")
    assert (unit_org.level, unit_org.resident_unit.name) == (None, "市供电公司")
    assert branch.history.get().history_user == street_admin  # who added it

    # Exported (what lies in one's scope) and imported back it is unchanged; the undo takes it all back.
    exported = client.get("/imports/party-organisations/export/").content
    again = _check(client, "导出.xlsx", exported)
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 4), again.report
    client.post(f"/imports/batch/{batch.pk}/undo/")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE
    assert list(PartyOrganisation.objects.values_list("name", flat=True)) == ["新城区区委"]


def test_a_known_organisation_gets_its_new_secretary_and_the_undo_restores_it(
    street, street_admin, client_as
):
    client = client_as(street_admin)
    committee = services.organisation_create(
        user=None,
        name="梁家屯路街道党工委",
        area=street.street,
        level=OrgLevel.STREET_WORKING_COMMITTEE,
        parent=PartyOrganisation.objects.get(name="新城区区委"),
    )
    row = ["梁家屯路街道党工委", "街道党工委", "", "新城区/梁家屯路街道", "新城区区委", "", "赵书记"]
    batch = _check(client, "党组织.xlsx", xlsx_bytes(H, [row]))
    assert (batch.changed_count, batch.report["changed"]) == (1, [{"row": 2, "headers": ["书记"]}])
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    committee.refresh_from_db()
    assert committee.secretary_name == "赵书记"
    client.post(f"/imports/batch/{batch.pk}/undo/")
    committee.refresh_from_db()
    assert committee.secretary_name == ""
    assert [h.history_type for h in committee.history.order_by("history_id")] == ["+", "~", "~"]


def test_the_district_committee_is_outside_a_street_admins_scope(street, street_admin, client_as):
    row = ["新城区区委", "区委", "", "新城区", "", "", "赵书记"]
    batch = _check(client_as(street_admin), "党组织.xlsx", xlsx_bytes(H, [row]))
    assert batch.report["refused"] == [{"row": 2, "reasons": ["新城区 不在您负责的区域内。"]}]


def test_a_secretary_cannot_add_organisations(street, secretary_a, client_as):
    client = client_as(secretary_a)
    assert client.get("/imports/party-organisations/template/").status_code == 403
    assert upload(client, "party-organisations", "党组织.xlsx", xlsx_bytes(H, rows())).status_code == 403
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize("kind", ["xls", "gbk-csv"])
def test_the_same_rows_as_xls_and_gbk_csv_give_the_same_result(
    street, street_admin, client_as, convert, kind
):
    if kind == "xls":
        name, content = "党组织.xls", convert(xlsx_bytes(H, rows()), "filled.xlsx", "xls")
        assert content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    else:
        name, content = "党组织.csv", csv_bytes(H, rows(), encoding="gbk")
    client = client_as(street_admin)
    batch = _check(client, name, content)
    assert (batch.new_count, batch.refused_count) == (4, 1), batch.report
    assert batch.report["refused"] == [{"row": 5, "reasons": ["上级组织的区域必须包含本组织的区域。"]}]
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    assert PartyOrganisation.objects.count() == 5
