"""The dashboard panel: open cases, overdue summonses (in the attention list), what waits for verification."""

from django.urls import reverse

from governance.enforcement import services
from tests.enforcement.factories import make_case, make_department, past


def test_panel_counts_and_attention(territory, street_staff, secretary_b, client_as):
    department = make_department(territory.street, "城管执法队")
    case = make_case(territory.grid_a, title="楼顶违建", at=past(days=3))
    services.case_summon(user=street_staff, case=case, departments=[department], at=past(days=2))
    make_case(territory.grid_b, title="西岗占道")
    home = client_as(street_staff).get(reverse("governance:home"))
    [panel] = [p for p in home.context["panels"] if p["key"] == "enforcement"]
    cards = {str(c.label): c.value for c in panel["cards"]}
    assert cards == {
        "在办案件": 2,
        "本月立案": cards["本月立案"],
        "超时召集": 1,
        "待社区核实": 0,
        "已结案": 0,
    }
    assert [a["text"] for a in panel["attention"]] == [f"#{case.pk} 楼顶违建：等待城管执法队"]
    # the other community's secretary sees only their own case
    home = client_as(secretary_b).get(reverse("governance:home"))
    [panel] = [p for p in home.context["panels"] if p["key"] == "enforcement"]
    assert {str(c.label): c.value for c in panel["cards"]}["在办案件"] == 1
    assert panel["attention"] == []
