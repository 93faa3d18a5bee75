"""The territory with its official division codes: a street loads its communities and grids from one file."""

import pytest

from governance.models import Area, ImportBatch
from governance.territory import services
from tests.dataimport.helpers import headers, upload, xlsx_bytes

H = headers("territory")


@pytest.fixture
def coded(territory):
    services.area_update(area=territory.district, name="新城区", code="370202000000")
    services.area_update(area=territory.street, name="梁家屯路街道", code="370202001000")
    return territory


ROWS = [
    ["社区", "东湖社区", "370202001003", "370202001000", "", ""],
    ["网格", "第一网格", "", "370202001003", "", ""],
    ["楼栋", "1号楼", "", "", "新城区/梁家屯路街道/东湖社区/第一网格", ""],
    ["单元", "1单元", "", "", "新城区/梁家屯路街道/东湖社区/第一网格/1号楼", ""],
    ["社区", "假社区", "999999001004", "370202001000", "", ""],  # no such county
    ["社区", "错层社区", "370202001000", "370202001000", "", ""],  # a street's code on a community
    ["网格", "第二网格", "", "", "新城区/梁家屯路街道/不存在社区", ""],
]


def test_a_street_loads_its_communities_by_code(coded, street_admin, client_as):
    client = client_as(street_admin)
    upload(client, "territory", "区划.xlsx", xlsx_bytes(H, ROWS))
    batch = ImportBatch.objects.get()
    reasons = {r["row"]: r["reasons"] for r in batch.report["refused"]}
    assert (batch.new_count, batch.refused_count) == (4, 3)
    assert reasons[6] == ["区划代码前六位（999999）不是真实的县级行政区划。"]
    assert reasons[7] == ["该区划代码不是“社区”这一级的代码。"]
    assert reasons[8] == ["找不到上级地点：新城区/梁家屯路街道/不存在社区。"]
    assert Area.objects.filter(name="东湖社区").count() == 0  # nothing before confirmation
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    community = Area.objects.get(code="370202001003")
    assert community.name == "东湖社区" and community.parent == coded.street
    stairwell = Area.objects.get(name="1单元", parent__parent__parent=community)
    assert stairwell.full_name() == "新城区 / 梁家屯路街道 / 东湖社区 / 第一网格 / 1号楼 / 1单元"
    exported = client.get("/imports/territory/export/").content
    upload(client, "territory", "导出.xlsx", exported)
    again = ImportBatch.objects.order_by("-id").first()
    assert (again.new_count, again.changed_count, again.refused_count) == (0, 0, 0), again.report
    assert again.unchanged_count == Area.objects.count() - 1  # all but the district above the street
    client.post(f"/imports/batch/{batch.pk}/undo/")
    assert not Area.objects.filter(name="东湖社区").exists()


def test_codes_are_unique_and_validated_on_places(coded, street_admin, client_as):
    from django.core.exceptions import ValidationError

    services.area_update(area=coded.community_b, name="西岗社区", code="370202001002")
    with pytest.raises(ValidationError) as exc:
        services.area_update(area=coded.community_a, name="梁家屯社区", code="370202001002")
    assert exc.value.messages == ["已有其他地点使用该区划代码。"]
    with pytest.raises(ValidationError) as exc:
        services.area_update(area=coded.community_a, name="梁家屯社区", code="370203001001")
    assert exc.value.messages == ["区划代码须以上级的代码（370202001）开头。"]
    with pytest.raises(ValidationError):
        services.area_update(area=coded.community_a, name="梁家屯社区", code="37020200100")
    services.area_update(area=coded.community_a, name="梁家屯社区", code="370202001001")
    assert Area.objects.get(code="370202001001") == coded.community_a


def test_a_secretary_cannot_add_places_outside_their_community(coded, secretary_a, client_as):
    upload(client_as(secretary_a), "territory", "区划.xlsx", xlsx_bytes(H, ROWS[:1]))
    batch = ImportBatch.objects.get()
    assert batch.report["refused"] == [{"row": 2, "reasons": ["梁家屯路街道 不在您负责的区域内。"]}]
