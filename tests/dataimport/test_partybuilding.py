"""Resident units and party members through the one import, placed within the user's own scope."""

from governance.models import ImportBatch
from partybuilding.choices import OrgLevel, UnitKind
from partybuilding.models import PartyMember, ResidentUnit
from tests.dataimport.helpers import headers, upload, xlsx_bytes
from tests.partybuilding.factories import make_unit, org_chain


def _last():
    return ImportBatch.objects.order_by("-id").first()


def test_resident_units_checked_saved_and_reimported_unchanged(territory, secretary_a, client_as):
    make_unit(territory.community_a, name="市供电公司", kind=UnitKind.SOE_OR_INSTITUTION, headcount=80)
    h = headers("resident-units")
    rows = [
        ["市供电公司", "国有企事业单位", "梁家屯社区", "", "", "", "", "120", "30", "市级", "4"],
        [
            "梁家屯小学",
            "国有企事业单位",
            "梁家屯社区",
            "",
            "建设路 1 号",
            "王老师",
            "0371-66881234",
            "60",
            "20",
            "",
            "",
        ],
        ["西岗商会", "社会组织", "西岗社区", "", "", "", "", "", "", "", ""],  # not the secretary's community
        ["无名单位", "个体户", "梁家屯社区", "", "", "", "12345", "", "", "", "9"],
    ]
    client = client_as(secretary_a)
    upload(client, "resident-units", "驻区单位.xlsx", xlsx_bytes(h, rows))
    batch = _last()
    assert (batch.new_count, batch.changed_count, batch.refused_count) == (1, 1, 2), batch.report
    reasons = {r["row"]: r["reasons"] for r in batch.report["refused"]}
    assert reasons[4] == ["西岗社区 不在您负责的区域内。"]
    assert reasons[5][0].startswith("单位类型须为以下之一：") and reasons[5][-1] == "影响力按 1 到 5 分评定。"
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    assert ResidentUnit.objects.get(name="市供电公司").headcount == 120
    assert ResidentUnit.objects.get(name="梁家屯小学").contact_phone == "0371-66881234"
    upload(client, "resident-units", "导出.xlsx", client.get("/imports/resident-units/export/").content)
    assert (_last().new_count, _last().changed_count, _last().unchanged_count) == (0, 0, 2)


def test_party_members_by_organisation_in_scope(territory, secretary_a, client_as):
    branch = org_chain(territory.stairwell_a)[OrgLevel.GRID_BRANCH]
    org_chain(territory.stairwell_b)  # community B has a branch with the same name, out of scope
    h = headers("party-members")
    rows = [
        ["党员甲", branch.name, "2001-07-01", "", "13800138000"],
        ["党员乙", branch.name, "", "", ""],
        ["党员丙", "不存在的支部", "", "", ""],
    ]
    client = client_as(secretary_a)
    upload(client, "party-members", "党员.xlsx", xlsx_bytes(h, rows))
    batch = _last()
    assert (batch.new_count, batch.refused_count) == (2, 1), batch.report
    assert batch.report["refused"][0]["reasons"] == ["您负责的区域内没有党组织“不存在的支部”。"]
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    assert set(PartyMember.objects.filter(organisation=branch).values_list("name", flat=True)) == {
        "党员甲",
        "党员乙",
    }
    upload(client, "party-members", "导出.xlsx", client.get("/imports/party-members/export/").content)
    assert (_last().new_count, _last().changed_count, _last().unchanged_count) == (0, 0, 2), _last().report
    client.post(f"/imports/batch/{batch.pk}/undo/")
    assert PartyMember.objects.count() == 0
