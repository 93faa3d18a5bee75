import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from governance.lib.registry import PANELS
from property import selectors
from property.models import Complaint, FeeRecord, FeeSubsidy, Finding, Placement, PropertyCompany
from tests.property.factories import _complaint, _fee, _placement, make_company, make_inspection

D = datetime.date


def panel(request_user, rf):
    request = rf.get("/")
    request.user = request_user
    [property_panel] = [p for p in PANELS if p.key == "property"]
    return property_panel.render(request)


def test_panel_counts_what_the_user_may_see(territory, secretary_a, street_staff, rf):
    year = datetime.date.today().year
    fee = _fee(territory.stairwell_a)
    FeeRecord.objects.filter(pk=fee.pk).update(
        period=D(year, 1, 1), billed=Decimal("1000.00"), collected=Decimal("875.00")
    )
    _fee(territory.stairwell_b)  # another community: not counted for secretary A
    _complaint(territory.stairwell_a)
    _complaint(territory.stairwell_b)
    _placement(territory.stairwell_a)
    make_inspection(
        territory.building_a,
        make_company(territory.street),
        street_staff,
        inspected_on=D(2020, 1, 1),
        findings=[{"item": "repairs", "description": "路灯不亮", "deadline": D(2020, 1, 8)}],
    )
    cards = {str(c.label): c.value for c in panel(secretary_a, rf)["cards"]}
    assert cards[f"{year}年物业费收缴率"] == Decimal("87.5")
    assert cards["未办结投诉"] == 1
    assert cards["逾期未整改"] == 1
    assert cards["再就业人数"] == 1


def test_dashboard_shows_the_property_panel(territory, street_staff, client_as):
    page = client_as(street_staff).get(reverse("governance:home")).content.decode()
    assert 'data-panel="property"' in page
    assert "改革以来物业费实收" in page


@pytest.mark.django_db
def test_seed_demo_tells_the_reform_story_and_runs_twice():
    call_command("seed_demo", verbosity=0)
    counts = [
        m.objects.count() for m in (PropertyCompany, FeeRecord, FeeSubsidy, Complaint, Finding, Placement)
    ]
    call_command("seed_demo", verbosity=0)
    assert [
        m.objects.count() for m in (PropertyCompany, FeeRecord, FeeSubsidy, Complaint, Finding, Placement)
    ] == counts
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    trend = {r["year"]: r for r in selectors.yearly_trend(admin)}
    assert trend[2017]["collected"] < Decimal("100000")  # almost nothing the first year
    total = FeeRecord.objects.totals()["collected"]
    assert total > Decimal("10000000")  # over ten million yuan since the reform
    assert trend[2017]["collected"] * 20 < trend[2024]["collected"]
