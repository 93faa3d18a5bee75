"""Demo data of joint enforcement: departments with contacts, categories, and cases at every stage (idempotent)."""

import datetime

from django.utils import timezone

from governance.enforcement import services
from governance.enforcement.choices import CaseStatus, DropReason, SourceKind, Urgency
from governance.enforcement.models import CaseCategory, CasePhoto, EnforcementCase, EnforcementDepartment
from governance.lib.registry import demo_seeder
from governance.staff.choices import WorkLine

DEPARTMENTS = [
    # name, duty phone, contacts (name, phone, e-mail)
    ("区城市管理综合执法大队", "010-6401-1101", [("孙队长", "139****0101", "cg-duty@example.gov.cn")]),
    ("梁家屯派出所", "010-6401-1102", [("周所长", "139****0102", "pcs-duty@example.gov.cn")]),
    ("区市场监督管理所", "010-6401-1103", [("吴科长", "139****0103", "scjg@example.gov.cn")]),
    ("区住房和城乡建设委员会", "010-6401-1104", [("郑主任", "139****0104", "zjw@example.gov.cn")]),
    ("区生态环境局", "010-6401-1105", [("冯科长", "139****0105", "sthj@example.gov.cn")]),
    ("区消防救援支队", "010-6401-1106", [("陈参谋", "139****0106", "xf@example.gov.cn")]),
]
CATEGORIES = [
    ("违法建设", WorkLine.URBAN_MANAGEMENT),
    ("占道经营", WorkLine.URBAN_MANAGEMENT),
    ("流动人口管理", WorkLine.PUBLIC_SECURITY),
    ("公共设施损坏", WorkLine.COMMUNITY_SERVICES),
    ("物业纠纷", WorkLine.PROPERTY),
    ("环境污染", WorkLine.URBAN_MANAGEMENT),
    ("消防隐患", WorkLine.PUBLIC_SECURITY),
]
CASES = [
    # title, category, departments (by index), urgency, community, how far it got
    ("1号楼楼顶私搭违建", "违法建设", [0, 3], Urgency.HIGH, "梁家屯社区", CaseStatus.CLOSED),
    ("东门外早市占道经营", "占道经营", [0, 2], Urgency.NORMAL, "梁家屯社区", CaseStatus.VERIFIED),
    ("群租房人员登记不全", "流动人口管理", [1], Urgency.NORMAL, "西岗社区", CaseStatus.ACTED),
    ("楼道堆放杂物堵塞消防通道", "消防隐患", [5, 0], Urgency.URGENT, "东湖回迁社区", CaseStatus.ON_SITE),
    ("小区路灯成片损坏", "公共设施损坏", [3], Urgency.NORMAL, "南苑社区", CaseStatus.SUMMONED),
    ("餐馆油烟直排扰民", "环境污染", [4, 2], Urgency.HIGH, "西岗社区", CaseStatus.SUMMONED),
    ("物业停水未提前告知", "物业纠纷", [3], Urgency.NORMAL, "东湖回迁社区", CaseStatus.RAISED),
    ("废品收购站占用绿地", "违法建设", [0], Urgency.NORMAL, "南苑社区", CaseStatus.DROPPED),
    ("夜间施工噪声", "环境污染", [4], Urgency.URGENT, "梁家屯社区", CaseStatus.CLOSED),
    ("地下室违规住人", "流动人口管理", [1, 5], Urgency.HIGH, "东湖回迁社区", CaseStatus.CLOSED),
]
ORDER = [
    CaseStatus.RAISED,
    CaseStatus.SUMMONED,
    CaseStatus.ON_SITE,
    CaseStatus.ACTED,
    CaseStatus.VERIFIED,
    CaseStatus.CLOSED,
]


@demo_seeder("enforcement", order=50)
def seed_enforcement(ctx: dict) -> None:
    street, users, rng = ctx["street"], ctx["users"], ctx["rng"]
    departments = []
    for name, phone, contacts in DEPARTMENTS:
        department = EnforcementDepartment.objects.filter(name=name).first()
        if department is None:
            department = services.department_save(area=street, name=name, duty_phone=phone)
            for contact_name, contact_phone, email in contacts:
                services.department_contact_add(
                    department=department, name=contact_name, phone=contact_phone, email=email
                )
        departments.append(department)
    categories = {
        name: CaseCategory.objects.get_or_create(name=name, defaults={"work_line": line})[0]
        for name, line in CATEGORIES
    }
    if EnforcementCase.objects.filter(area__path__startswith=street.path).exists():
        return
    staff, secretary = users["street_staff"], users["secretary_ljt"]
    now = timezone.now()
    for i, (title, category, picks, urgency, community, reached) in enumerate(CASES):
        start = now - datetime.timedelta(days=150 - i * 14, hours=rng.randint(0, 8))
        if reached in (CaseStatus.SUMMONED, CaseStatus.ON_SITE, CaseStatus.RAISED):
            start = now - datetime.timedelta(days=rng.randint(1, 3), hours=rng.randint(1, 6))
        grids = [g for (c, _g), g in ctx["grids"].items() if c == community]
        case = services.case_raise(
            user=None,
            area=rng.choice(grids),
            category=categories[category],
            title=title,
            description=f"{title}，居民多次反映，需相关部门联合处置。",
            urgency=urgency,
            source_kind=rng.choice(SourceKind.values),
            at=start,
        )
        if reached == CaseStatus.DROPPED:
            services.case_move(
                user=staff,
                case=case,
                to_status=CaseStatus.DROPPED,
                drop_reason=DropReason.NO_JURISDICTION,
                note="经核实属区园林部门职责，已转办。",
                at=start + datetime.timedelta(hours=3),
            )
            continue
        if reached == CaseStatus.RAISED:
            continue
        moment = start + datetime.timedelta(minutes=20)
        summonses = services.case_summon(
            user=staff, case=case, departments=[departments[k] for k in picks], at=moment
        )
        level = ORDER.index(reached)
        for j, summons in enumerate(summonses):
            if level < ORDER.index(CaseStatus.ON_SITE) and j == 0:
                services.summons_acknowledge(
                    user=staff, summons=summons, at=moment + datetime.timedelta(minutes=15)
                )
                continue
            if level < ORDER.index(CaseStatus.ON_SITE):
                continue
            # Some departments arrive late: the scorecard has something to show.
            late = rng.random() < 0.35
            arrive_after = (summons.respond_by - summons.summoned_at) * (
                1.6 if late else rng.uniform(0.3, 0.9)
            )
            arrived = moment + arrive_after
            if arrived > now:
                continue
            services.summons_arrive(user=staff, summons=summons, at=arrived)
            if level < ORDER.index(CaseStatus.ACTED):
                continue
            act_after = (summons.act_by - summons.summoned_at) * (
                1.3 if rng.random() < 0.3 else rng.uniform(0.4, 0.95)
            )
            acted = max(moment + act_after, arrived + datetime.timedelta(minutes=30))
            services.summons_act(
                user=staff, summons=summons, note="已现场处置，责令整改。", at=min(acted, now)
            )
        case.refresh_from_db()
        finished = max(s.acted_at for s in case.summonses.all() if s.acted_at) if level >= 3 else None
        if level >= ORDER.index(CaseStatus.VERIFIED) and case.status == CaseStatus.ACTED:
            at = min(finished + datetime.timedelta(days=1), now)
            services.case_move(
                user=secretary, case=case, to_status=CaseStatus.VERIFIED, note="居民确认已整改。", at=at
            )
            if level >= ORDER.index(CaseStatus.CLOSED):
                services.case_move(
                    user=staff,
                    case=case,
                    to_status=CaseStatus.CLOSED,
                    at=min(at + datetime.timedelta(hours=4), now),
                )


def _scene_photo(case, n: int):
    """A generated photo of the place (a drawn street corner with the case's number and date): the demo's
    cases show a gallery at first look without shipping anyone's real photos."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (196, 214, 228))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 480), fill=(120, 120, 118))  # the road
    draw.rectangle((40 + 60 * n, 120, 260 + 60 * n, 300), fill=(176, 96, 72))  # a building
    for col in range(3):
        for row in range(2):
            x, y = 60 + 60 * n + col * 65, 140 + row * 70
            draw.rectangle((x, y, x + 40, y + 45), fill=(230, 230, 210))
    draw.ellipse((420, 260, 560, 340), fill=(90, 110, 60))  # the heap the case is about
    draw.text((16, 16), f"case {case.pk}  {case.raised_at:%Y-%m-%d}", fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(f"现场照片{n + 1}.jpg", buffer.getvalue(), content_type="image/jpeg")


@demo_seeder("enforcement-photos", order=51)
def seed_case_photos(ctx: dict) -> None:
    """Two photos on each of the three newest open cases, added as a grid worker adds them."""
    street = ctx["street"]
    if CasePhoto.objects.filter(case__area__path__startswith=street.path).exists():
        return
    cases = (
        EnforcementCase.objects.filter(area__path__startswith=street.path).open().order_by("-raised_at")[:3]
    )
    for case in cases:
        for n in range(2):
            services.case_photo_add(user=ctx["users"]["grid_ljt1"], case=case, upload=_scene_photo(case, n))
