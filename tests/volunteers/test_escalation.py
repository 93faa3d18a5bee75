"""A need that only several departments can solve becomes a joint-enforcement case, once."""

from governance.enforcement.choices import SourceKind
from governance.models import EnforcementCase
from tests.enforcement.factories import make_category
from tests.volunteers.factories import make_need
from volunteers.models import Need


def test_secretary_escalates_a_need_on_its_page_and_the_case_remembers_where_it_came_from(
    territory, secretary_a, client_as
):
    need = make_need(territory.grid_a, description="楼道被长期占用堆放杂物\n多次劝说无效")
    category = make_category()
    client = client_as(secretary_a)
    assert "转为联合执法案件" in client.get(need.get_absolute_url()).content.decode()
    response = client.post(
        f"/services/needs/{need.pk}/escalate/",
        {"escalate-category": category.pk, "escalate-urgency": "normal"},
    )
    assert response.status_code == 302
    need.refresh_from_db()
    case = EnforcementCase.objects.get()
    assert need.case == case
    assert (case.source_kind, case.source_ref, case.area) == (SourceKind.NEED, str(need.pk), territory.grid_a)
    assert case.title == "楼道被长期占用堆放杂物"
    page = client.get(need.get_absolute_url()).content.decode()
    assert f"/cases/{case.pk}/" in page

    again = client.post(
        f"/services/needs/{need.pk}/escalate/",
        {"escalate-category": category.pk, "escalate-urgency": "normal"},
        follow=True,
    )
    assert "已转为案件" in again.content.decode()
    assert EnforcementCase.objects.count() == 1


def test_api_escalation_and_its_refusals(territory, secretary_a, secretary_b, grid_worker, api_as):
    need = make_need(territory.grid_a)
    category = make_category()
    assert (
        api_as(secretary_b)
        .post(f"/api/services/needs/{need.pk}/escalate/", {"category": category.pk})
        .status_code
        == 404
    )
    missing = api_as(secretary_a).post(f"/api/services/needs/{need.pk}/escalate/", {}, format="json")
    assert missing.status_code == 400
    assert "category" in missing.json()["error"]["fields"]
    assert EnforcementCase.objects.count() == 0
    ok = api_as(secretary_a).post(
        f"/api/services/needs/{need.pk}/escalate/", {"category": category.pk}, format="json"
    )
    assert ok.status_code == 200
    assert ok.json()["case"] == EnforcementCase.objects.get().pk
    assert Need.objects.get(pk=need.pk).case_id == ok.json()["case"]
