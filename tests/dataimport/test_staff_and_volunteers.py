"""Street staff, A/B posts and volunteers through the one import."""

from governance.models import ImportBatch, Post, StaffMember
from tests.dataimport.helpers import headers, upload, xlsx_bytes
from tests.staff.factories import make_department, make_staff
from tests.volunteers.factories import category, make_team
from volunteers.models import Volunteer


def _last():
    return ImportBatch.objects.order_by("-id").first()


def test_staff_then_their_posts(territory, street_admin, client_as):
    department = make_department(territory.street, name="党建办")
    make_staff(territory.street, name="老干部", birth_date=__import__("datetime").date(1970, 1, 1))
    client = client_as(street_admin)
    rows = [
        [
            "王一",
            "男",
            "1988-02-02",
            "梁家屯路街道",
            "党建办",
            "本科",
            "中共党员",
            "",
            "科员",
            "",
            "2015-07-01",
            "",
            "",
        ],
        [
            "李二",
            "女",
            "1990-03-03",
            "梁家屯路街道",
            "党建办",
            "大专",
            "群众",
            "",
            "科员",
            "",
            "2018-07-01",
            "",
            "",
        ],
        [
            "赵三",
            "男",
            "1991-04-04",
            "梁家屯路街道",
            "",
            "博士",
            "群众",
            "",
            "科员",
            "",
            "2019-07-01",
            "",
            "",
        ],
        [
            "钱四",
            "男",
            "1992-05-05",
            "梁家屯路街道",
            "",
            "本科",
            "群众",
            "社区工作者",
            "科员",
            "是",
            "2019-07-01",
            "",
            "",
        ],
    ]
    upload(client, "staff", "干部名册.xlsx", xlsx_bytes(headers("staff"), rows))
    batch = _last()
    assert (batch.new_count, batch.refused_count) == (3, 1), batch.report
    assert batch.report["refused"][0]["row"] == 4 and batch.report["refused"][0]["reasons"][0].startswith(
        "学历须为"
    )
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    batch.refresh_from_db()
    reasons = {r["row"]: r["reasons"] for r in batch.report["refused"]}
    assert set(reasons) == {4, 5} and reasons[5] == ["只有街道干部可以是班子成员。"]  # refused by the service
    assert StaffMember.objects.get(name="王一").department == department
    upload(client, "staff", "导出.xlsx", client.get("/imports/staff/export/").content)
    assert (_last().new_count, _last().changed_count, _last().unchanged_count) == (0, 0, 3), _last().report

    posts = [["党建办", "组织员", "党的建设", "王一", "李二"], ["党建办", "宣传员", "", "王一", "王一"]]
    upload(client, "posts", "岗位.xlsx", xlsx_bytes(headers("posts"), posts))
    batch = _last()
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    batch.refresh_from_db()
    assert batch.new_count == 1 and batch.report["refused"] == [
        {"row": 3, "reasons": ["B岗必须与A岗为不同的人。"]}
    ]
    post = Post.objects.get()
    assert (post.holder_a.name, post.holder_b.name, post.work_line) == ("王一", "李二", "party_building")


def test_volunteers_with_team_and_skills(territory, secretary_a, client_as):
    category()
    make_team(territory.community_a, name="家服务志愿队")
    rows = [
        ["志愿者甲", "梁家屯社区", "", "家服务志愿队", "138 0013 8000", "居家养老、助残", "周末", ""],
        ["志愿者乙", "梁家屯社区", "", "", "", "唱歌", "", "x"],
    ]
    client = client_as(secretary_a)
    upload(client, "volunteers", "志愿者.xlsx", xlsx_bytes(headers("volunteers"), rows))
    batch = _last()
    assert batch.report["refused"] == [
        {"row": 3, "reasons": ["未知的技能：唱歌。", "最多同时承接 不是数字：x"]}
    ], batch.report
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    volunteer = Volunteer.objects.get()
    assert volunteer.phone == "13800138000" and volunteer.team.name == "家服务志愿队"
    assert sorted(s.name for s in volunteer.skills.all()) == ["助残", "居家养老"]
    upload(client, "volunteers", "导出.xlsx", client.get("/imports/volunteers/export/").content)
    assert (_last().new_count, _last().changed_count, _last().unchanged_count) == (0, 0, 1), _last().report
