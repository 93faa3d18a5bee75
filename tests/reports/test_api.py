"""API of the work reports and the figures: scoped (404 outside), read-only, errors in the one format."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.lib.figures import FIGURES
from tests.reports.factories import make_work_report


def test_figures_for_a_community_in_scope(territory, secretary_a, api_as):
    response = api_as(secretary_a).get(
        "/api/reports/work-reports/figures/", {"area": territory.community_a.pk, "period": "2026Q3"}
    )
    assert response.status_code == 200
    rows = {r["key"]: r for r in response.json()}
    assert set(rows) == set(FIGURES)
    assert rows["volunteers.person_times"]["value"] == 0
    assert rows["volunteers.response_rate"] == {
        **rows["volunteers.response_rate"],
        "value": None,
        "text": "—",
    }


def test_figures_outside_scope_are_404_and_a_bad_period_is_explained(territory, secretary_a, api_as):
    api = api_as(secretary_a)
    outside = api.get(
        "/api/reports/work-reports/figures/", {"area": territory.community_b.pk, "period": "2026"}
    )
    assert outside.status_code == 404
    assert outside.json()["error"]["code"] == "not_found"
    bad = api.get(
        "/api/reports/work-reports/figures/", {"area": territory.community_a.pk, "period": "2026Q5"}
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["period"] == ["请填写年度（如 2026）或季度（如 2026Q3）。"]


def test_reports_are_read_only_in_the_api(territory, street_staff, api_as):
    report = make_work_report(territory.community_a)
    api = api_as(street_staff)
    assert (
        api.post("/api/reports/work-reports/", {"area": territory.street.pk, "period": "2026"}).status_code
        == 405
    )
    assert api.patch(f"/api/reports/work-reports/{report.pk}/", {"period": "2025"}).status_code == 405
    report.refresh_from_db()
    assert report.period == "2026"


def test_report_list_query_count(territory, street_staff, api_as):
    for community in (territory.community_a, territory.community_b):
        make_work_report(community)
    api = api_as(street_staff)
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/reports/work-reports/")
    assert response.json()["count"] == 2
    # the user's scope paths, user permissions, group permissions, the count, the page of reports (area and
    # maker joined)
    assert len(queries) == 5, "\n".join(q["sql"][:120] for q in queries)
