"""seed_demo: every app's demo story, seeded once for this module and run a second time to prove that
a second run changes nothing (seeding costs seconds; the assertions share one seeded database)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from governance.models import Area, Assignment, EnforcementCase, EnforcementDepartment, Resident
from governance.staff import selectors as staff_selectors
from partybuilding.models import FollowUpAction, PartyOrganisation
from property import selectors as property_selectors
from property.models import FeeRecord

DEMO_USERNAMES = [
    "admin",
    "street_admin",
    "street_staff",
    "secretary_ljt",
    "secretary_xg",
    "grid_ljt1",
    "viewer",
    "street_staff_ng",
    "secretary_ng",
]
PROJECT_APPS = ("governance", "partybuilding", "property", "volunteers")


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for app in PROJECT_APPS
        for m in apps.get_app_config(app).get_models()
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo seeded twice inside one transaction that is rolled back when the module is done."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            first = _counts()
            call_command("seed_demo", stdout=io.StringIO())
            yield {"first": first, "second": _counts()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_a_second_run_changes_nothing_in_any_table(seeded, db):
    assert seeded["second"] == seeded["first"]
    empty = sorted(label for label, n in seeded["first"].items() if n == 0 and "Historical" not in label)
    # Every table of ours has rows at first look except these (logs that use fills, and uploads).
    assert empty == [
        "governance.ChannelPreference",  # everyone is notified by e-mail until a person or community chooses
        "governance.ImportBatch",  # the demo street is seeded, not imported
        "governance.ImportedRecord",
        "governance.PersonalDataAccess",
        "governance.WorkReport",
        "volunteers.ResidentReportPhoto",  # uploads: the demo's residents sent no photos
    ]


def test_cases_have_photos_and_meetings_their_sign_in_sheets(seeded, db):
    from governance.models import CasePhoto
    from partybuilding.models import MeetingAttachment

    photos = CasePhoto.objects.select_related("case")
    assert photos.count() == 6 and all(p.case.is_open for p in photos)
    with photos.first().image.open("rb") as f:
        assert f.read(3) == b"\xff\xd8\xff"  # a JPEG, re-encoded by the upload check
    sheets = MeetingAttachment.objects.all()
    assert sheets.count() == 5 and all(a.name == "签到表.docx" and a.size > 1000 for a in sheets)


def test_the_bell_has_items_at_first_look(seeded, db):
    from governance.models import Notification

    unread = Notification.objects.filter(read_at__isnull=True)
    for username in ("secretary_ljt", "grid_ljt1"):
        assert unread.filter(recipient__username=username).exists(), username


def test_territory_and_residents(seeded, db):
    streets = Area.objects.filter(depth=2).order_by("path")
    assert [s.name for s in streets] == ["梁家屯路街道", "南关街道"]
    first, second = streets
    assert Resident.objects.filter(area__path__startswith=first.path).count() >= 300
    assert Resident.objects.filter(area__path__startswith=second.path).count() >= 50
    # the nine demo accounts of the README (seven of 梁家屯路街道, two of 南关街道)
    assert Assignment.objects.filter(user__username__in=DEMO_USERNAMES).count() == 9


@pytest.mark.parametrize(
    ("username", "own", "other"),
    [("street_staff", "梁家屯路街道", "南关街道"), ("street_staff_ng", "南关街道", "梁家屯路街道")],
)
def test_each_streets_staff_see_only_their_own_street(seeded, db, api_as, client, username, own, other):
    """The demo's two streets in one installation: lists, details and pages keep them apart."""
    from volunteers.models import Need

    user = get_user_model().objects.get(username=username)
    own_street, other_street = Area.objects.get(depth=2, name=own), Area.objects.get(depth=2, name=other)
    api = api_as(user)
    for prefix, model in (("territory/residents", Resident), ("services/needs", Need)):
        mine = model.objects.filter(area__path__startswith=own_street.path)
        theirs = model.objects.filter(area__path__startswith=other_street.path)
        assert mine.exists() and theirs.exists(), prefix
        listed = api.get(f"/api/{prefix}/", {"page_size": 200})
        assert listed.status_code == 200
        areas = set(
            model.objects.filter(pk__in=[r["id"] for r in listed.json()["results"]]).values_list(
                "area__path", flat=True
            )
        )
        assert areas and all(path.startswith(own_street.path) for path in areas), prefix
        assert api.get(f"/api/{prefix}/{theirs.first().pk}/").status_code == 404
        assert api.get(f"/api/{prefix}/{mine.first().pk}/").status_code == 200
    client.force_login(user)
    need = Need.objects.filter(area__path__startswith=other_street.path).first()
    assert client.get(f"/services/needs/{need.pk}/").status_code == 404
    home = client.get("/").content.decode()
    assert own in home and other not in home


def test_party_building_is_believable(seeded, db):
    # Four levels: 1 district committee, 1 street working committee, 4 communities, 10 grid branches;
    # plus the 8 resident units' own organisations.
    first = seeded["first"]
    assert PartyOrganisation.objects.filter(level__isnull=False).count() == 16
    assert first["partybuilding.ResidentUnit"] == 8
    assert first["partybuilding.JointCommittee"] == 5
    assert first["partybuilding.Meeting"] == 20
    assert FollowUpAction.objects.filter(status="done").count() == 8


def test_staff_reproduce_the_reports_leadership_ages(seeded, db):
    first = seeded["first"]
    # 7 street-wide portfolios + 4 communities of their own
    assert [
        first[f"governance.{m}"] for m in ("Department", "StaffMember", "LeadershipPortfolio", "Post")
    ] == [5, 51, 11, 10]
    trend = dict(staff_selectors.age_trend(until=datetime.date(2026, 11, 28), leadership_only=True))
    assert min(trend) == 2017
    assert (trend[2017], trend[2026]) == (46.8, 44.5)


def test_property_tells_the_reform_story(seeded, db):
    admin = get_user_model().objects.get(username="admin")
    trend = {r["year"]: r for r in property_selectors.yearly_trend(admin)}
    assert trend[2017]["collected"] < Decimal("100000")  # almost nothing the first year
    assert FeeRecord.objects.totals()["collected"] > Decimal("10000000")  # over ten million since the reform
    assert trend[2017]["collected"] * 20 < trend[2024]["collected"]


def test_enforcement_shows_every_stage(seeded, db):
    assert (EnforcementDepartment.objects.count(), EnforcementCase.objects.count()) == (6, 10)
    assert set(EnforcementCase.objects.values_list("status", flat=True)) == {
        "raised",
        "summoned",
        "on_site",
        "acted",
        "verified",
        "closed",
        "dropped",
    }
