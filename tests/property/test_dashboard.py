import datetime
from decimal import Decimal

from django.urls import reverse

from governance.lib.registry import PANELS
from property.models import FeeRecord
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
