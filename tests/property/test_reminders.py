import datetime

import pytest
from django.utils import translation

from governance.models import Notification, ReminderLog
from governance.portal.services import reminders_run
from property import services
from tests.property.factories import make_company, make_complaint, make_inspection

D = datetime.date
RULES = ["property.finding_rectification", "property.complaint_answer"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run_days(start, end):
    """Run the daily job twice on every day from `start` to `end`, as a restarted beat might."""
    day = start
    while day <= end:
        reminders_run(today=day, rule_keys=RULES)
        reminders_run(today=day, rule_keys=RULES)
        day += datetime.timedelta(days=1)


def titles(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_finding_reminded_once_per_stage_over_simulated_days(
    territory, street_admin, street_staff, secretary_a, secretary_b
):
    company = make_company(territory.street, name="安居物业")
    inspection = make_inspection(
        territory.building_a,
        company,
        street_staff,
        inspected_on=D(2026, 11, 2),
        findings=[{"item": "cleaning", "description": "楼道堆物", "deadline": D(2026, 11, 9)}],
    )
    run_days(D(2026, 11, 2), D(2026, 11, 20))
    assert titles(secretary_a) == [
        "Rectification due 2026-11-09: 安居物业, 梁家屯社区 第一网格 1号楼",
        "Rectification overdue since 2026-11-09: 安居物业, 梁家屯社区 第一网格 1号楼",
    ]
    assert titles(street_staff) == titles(secretary_a)
    assert titles(street_admin) == [
        "Rectification still not done, due 2026-11-09: 安居物业, 梁家屯社区 第一网格 1号楼"
    ]
    assert titles(secretary_b) == []
    assert sorted(ReminderLog.objects.values_list("stage", flat=True)) == ["due_soon", "escalated", "overdue"]
    # The first reminder went out two days before the deadline, not earlier.
    Notification.objects.all().delete()
    ReminderLog.objects.all().delete()
    reminders_run(today=D(2026, 11, 6), rule_keys=RULES)
    assert Notification.objects.count() == 0
    assert inspection.findings.count() == 1


def test_fixed_finding_is_not_reminded(territory, street_staff, secretary_a):
    inspection = make_inspection(
        territory.building_a,
        make_company(territory.street),
        street_staff,
        inspected_on=D(2026, 11, 2),
        findings=[{"item": "repairs", "description": "路灯不亮", "deadline": D(2026, 11, 9)}],
    )
    services.finding_fix(user=street_staff, finding=inspection.findings.get(), fixed_on=D(2026, 11, 5))
    run_days(D(2026, 11, 2), D(2026, 11, 20))
    assert Notification.objects.count() == 0


def test_complaint_deadline_reminders_over_simulated_days(territory, street_admin, street_staff, secretary_a):
    company = make_company(territory.street, name="安居物业")
    late = make_complaint(territory.stairwell_a, company, street_staff, received_on=D(2026, 11, 2))
    answered = make_complaint(territory.stairwell_a, company, street_staff, received_on=D(2026, 11, 2))
    services.complaint_answer(user=street_staff, complaint=answered, answer="已安排", on=D(2026, 11, 4))
    run_days(D(2026, 11, 2), D(2026, 11, 5))  # due 11-05: nothing yet
    assert Notification.objects.count() == 0
    run_days(D(2026, 11, 6), D(2026, 11, 8))
    assert titles(secretary_a) == [
        "Complaint not answered by 2026-11-05: 安居物业, 梁家屯社区 第一网格 1号楼 1单元"
    ]
    assert titles(street_admin) == []
    run_days(D(2026, 11, 9), D(2026, 11, 30))
    assert titles(street_admin) == [
        "Complaint still not answered, due 2026-11-05: 安居物业, 梁家屯社区 第一网格 1号楼 1单元"
    ]
    assert titles(secretary_a) == [
        "Complaint not answered by 2026-11-05: 安居物业, 梁家屯社区 第一网格 1号楼 1单元"
    ]
    assert list(ReminderLog.objects.filter(object_id=answered.pk).values_list("stage", flat=True)) == []
    assert late.pk in ReminderLog.objects.values_list("object_id", flat=True)


def test_a_missed_day_is_caught_up(territory, street_staff, secretary_a):
    make_complaint(
        territory.stairwell_a, make_company(territory.street), street_staff, received_on=D(2026, 11, 2)
    )
    reminders_run(today=D(2026, 11, 15), rule_keys=RULES)  # the job did not run for ten days
    assert len(titles(secretary_a)) == 1


@pytest.mark.realservices
def test_the_daily_celery_job_sends_property_reminders_once(
    celery_worker, territory, street_staff, secretary_a
):
    """The real beat task in a real worker, run twice for the same day: one reminder per item and stage."""
    from governance.portal.tasks import reminders_run_daily

    make_complaint(
        territory.stairwell_a, make_company(territory.street), street_staff, received_on=D(2026, 11, 2)
    )
    for _ in range(2):
        reminders_run_daily.delay("2026-11-07").get(timeout=60)
    assert ReminderLog.objects.filter(rule="property.complaint_answer").count() == 1
    assert Notification.objects.filter(recipient=secretary_a).count() == 1
