"""Status tones: declared beside the choices, read by one function, the one tag and the tables."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.template import Context, Template
from django.utils import timezone

from governance.lib.tables import Column
from governance.lib.tones import declare_tones, tone_of
from partybuilding.choices import ActionStatus
from property.choices import ComplaintStatus
from tests.partybuilding.factories import make_action
from tests.property.factories import make_company, make_complaint
from tests.volunteers.factories import make_need
from volunteers.models import Need


class Colour(models.TextChoices):
    RED = "red", "红"
    BLUE = "blue", "蓝"


def test_every_value_gets_one_of_the_five_tones():
    with pytest.raises(ImproperlyConfigured):
        declare_tones(Colour, {Colour.RED: "danger"})  # blue missing
    with pytest.raises(ImproperlyConfigured):
        declare_tones(Colour, {Colour.RED: "danger", Colour.BLUE: "navy"})
    assert declare_tones(Colour, {Colour.RED: "danger", Colour.BLUE: "info"})[Colour.BLUE] == "info"


def test_lateness_wins_over_the_declared_tone(territory, street_staff):
    complaint = make_complaint(territory.stairwell_a, make_company(territory.street), street_staff)
    complaint.response_due = timezone.localdate() + datetime.timedelta(days=1)
    assert (complaint.status, tone_of(complaint)) == (ComplaintStatus.RECEIVED, "muted")
    complaint.response_due = timezone.localdate() - datetime.timedelta(days=1)
    assert (complaint.is_overdue, tone_of(complaint)) == (True, "danger")
    action = make_action(territory.stairwell_a, owner=street_staff)
    action.due_on = timezone.localdate()
    assert (action.status, tone_of(action)) == (ActionStatus.OPEN, "info")
    action.due_on -= datetime.timedelta(days=1)
    assert tone_of(action) == "danger"


def test_a_need_due_within_a_day_is_orange_and_past_it_red(territory):
    need = make_need(territory.grid_a)
    now = timezone.now()
    need.respond_by = now + datetime.timedelta(hours=30)
    assert tone_of(need) == "muted"
    need.respond_by = now + datetime.timedelta(hours=2)
    assert (need.is_due_soon, tone_of(need)) == (True, "warning")
    need.respond_by = now - datetime.timedelta(minutes=1)
    assert (need.is_overdue, need.is_due_soon, tone_of(need)) == (True, False, "danger")


def test_the_tag_and_the_table_show_the_same_tone(territory, street_staff):
    complaint = make_complaint(territory.stairwell_a, make_company(territory.street), street_staff)
    complaint.response_due = timezone.localdate() - datetime.timedelta(days=1)
    with timezone.override("Asia/Shanghai"):
        html = Template('{% load jiedao %}{% status_tag c testid="status" %}').render(
            Context({"c": complaint})
        )
    assert '<span class="badge tag tag-danger" data-testid="status">已受理</span>' in html
    assert html.count("tag-danger") == 2  # the status, and the word "overdue" beside it
    assert Column("status", "状态", tone=True).tone_for(complaint) == "danger"


def test_a_field_with_choices_but_no_declared_tones_is_an_error(territory):
    need = Need(channel="visit")
    with pytest.raises(ImproperlyConfigured):
        tone_of(need, "channel")


def test_a_computed_state_reads_its_tones_from_its_choices():
    from property.models import Finding, Inspection

    today = timezone.localdate()
    finding = Finding(deadline=today + datetime.timedelta(days=3))
    assert (finding.get_state_display(), tone_of(finding, "state")) == ("待整改", "warning")
    finding.deadline = today - datetime.timedelta(days=1)
    assert tone_of(finding, "state") == "danger"
    finding.fixed_on = today
    assert tone_of(finding, "state") == "success"
    assert [tone_of(Inspection(score=s), "score_band") for s in (95, 90, 70, 69)] == [
        "success",
        "success",
        "info",
        "danger",
    ]
