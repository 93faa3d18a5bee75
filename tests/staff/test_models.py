"""The rules the database itself guards, tried by writing around the services."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from governance.models import Absence, Evaluation, Post, StaffMember
from tests.staff.factories import make_department, make_post, make_staff


@pytest.fixture
def dept(territory):
    return make_department(territory.street)


def test_post_b_holder_must_differ_from_a_in_the_database(territory, dept):
    a = make_staff(territory.street)
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(area=territory.street, department=dept, name="党建", holder_a=a, holder_b=a)
    assert Post.objects.count() == 0


def test_post_without_b_is_allowed_and_a_is_required(territory, dept):
    a = make_staff(territory.street)
    Post.objects.create(area=territory.street, department=dept, name="党建", holder_a=a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(area=territory.street, department=dept, name="文秘")
    assert Post.objects.count() == 1


def test_post_names_unique_within_a_department(territory, dept):
    a, b = make_staff(territory.street), make_staff(territory.street)
    make_post(dept, a, b, name="党建")
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(area=territory.street, department=dept, name="党建", holder_a=b, holder_b=a)


def test_holders_cannot_be_deleted_while_holding_a_post(territory, dept):
    from django.db.models import ProtectedError

    a, b = make_staff(territory.street), make_staff(territory.street)
    make_post(dept, a, b)
    with pytest.raises(ProtectedError):
        b.delete()
    assert StaffMember.objects.count() == 2


def test_one_evaluation_per_cadre_per_quarter(territory):
    cadre = make_staff(territory.street)
    Evaluation.objects.create(
        area=territory.street, cadre=cadre, year=2026, quarter=4, deadline=datetime.date(2026, 12, 21)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(
            area=territory.street, cadre=cadre, year=2026, quarter=4, deadline=datetime.date(2026, 12, 21)
        )
    assert Evaluation.objects.count() == 1


@pytest.mark.parametrize(("field", "value"), [("quarter", 5), ("quarter", 0), ("morality", 101)])
def test_evaluation_checks(territory, field, value):
    cadre = make_staff(territory.street)
    data = {
        "area": territory.street,
        "cadre": cadre,
        "year": 2026,
        "quarter": 1,
        "deadline": datetime.date(2026, 3, 21),
    }
    data[field] = value
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(**data)
    assert Evaluation.objects.count() == 0


def test_absence_cannot_end_before_it_starts(territory):
    staff = make_staff(territory.street)
    with pytest.raises(IntegrityError), transaction.atomic():
        Absence.objects.create(
            area=staff.area,
            staff=staff,
            kind="leave",
            starts_on=datetime.date(2026, 5, 3),
            ends_on=datetime.date(2026, 5, 1),
        )


def test_leaving_needs_date_and_reason_together(territory):
    staff = make_staff(territory.street)
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffMember.objects.filter(pk=staff.pk).update(left_on=datetime.date(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffMember.objects.filter(pk=staff.pk).update(
            left_on=datetime.date(2000, 1, 1), leave_reason="resigned"
        )
    staff.refresh_from_db()
    assert staff.left_on is None


def test_staff_history_keeps_every_change(territory):
    from governance.staff import services

    staff = make_staff(territory.street, position="科员")
    services.staff_update(staff=staff, position="科长")
    services.staff_update(staff=staff, left_on=datetime.date(2026, 6, 30), leave_reason="transferred")
    assert [h.position for h in staff.history.order_by("history_id")] == ["科员", "科长", "科长"]
    assert staff.history.order_by("-history_id").first().left_on == datetime.date(2026, 6, 30)


def test_age_on_counts_full_years():
    staff = StaffMember(birth_date=datetime.date(1980, 6, 15))
    assert staff.age_on(datetime.date(2026, 6, 14)) == 45
    assert staff.age_on(datetime.date(2026, 6, 15)) == 46
