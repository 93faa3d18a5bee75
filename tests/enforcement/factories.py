"""Factories of joint enforcement, and the area factories the router-walk scope test uses."""

import datetime
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from governance.enforcement import services
from governance.enforcement.choices import SourceKind, Urgency
from governance.models import CaseCategory, EnforcementCase, EnforcementDepartment, Summons
from governance.staff.choices import WorkLine
from governance.territory.choices import AreaLevel
from tests.factories import image_bytes, register_area_factory

_n = itertools.count(1)

PNG_BYTES = image_bytes("PNG")  # a real picture: uploads are decoded and re-encoded


def png_upload(name="scene.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def fake_png_upload(name="scene.png"):
    """A file named .png whose content is not a PNG."""
    return SimpleUploadedFile(name, b"MZ\x90\x00 not an image", content_type="image/png")


def community_of(area):
    return area.ancestors_and_self().get(depth=AreaLevel.COMMUNITY)


def make_department(area, name=None, **fields) -> EnforcementDepartment:
    return services.department_save(area=area, name=name or f"执法部门{next(_n)}", **fields)


def make_category(name="违法建设", work_line=WorkLine.URBAN_MANAGEMENT) -> CaseCategory:
    return CaseCategory.objects.get_or_create(name=name, defaults={"work_line": work_line})[0]


def make_case(
    area, *, user=None, category=None, urgency=Urgency.NORMAL, at=None, title=None, **fields
) -> EnforcementCase:
    return services.case_raise(
        user=user,
        area=area,
        category=category or make_category(),
        title=title or f"案件{next(_n)}",
        description=fields.pop("description", "楼顶私搭违建，居民反映强烈。"),
        source_kind=fields.pop("source_kind", SourceKind.GRID_WORKER),
        urgency=urgency,
        at=at,
        **fields,
    )


def past(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


@register_area_factory(EnforcementDepartment)
def _department(stairwell):
    return make_department(community_of(stairwell))


@register_area_factory(EnforcementCase)
def _case(stairwell):
    return make_case(stairwell)


@register_area_factory(Summons)
def _summons(stairwell):
    case = make_case(stairwell)
    [summons] = services.case_summon(
        user=None, case=case, departments=[make_department(community_of(stairwell))]
    )
    return summons
