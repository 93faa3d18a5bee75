"""Pages of the cockpit, the work reports and the statistics package: who may see what, 404 outside scope,
nothing half-saved on bad input, query counts pinned."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from governance.lib.figures import FIGURES
from governance.reports import services
from governance.reports.models import WorkReport


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def rendered(territory, secretary_a, media):
    """A finished report of community A, made by its secretary."""
    report = services.work_report_create(
        user=secretary_a, area=territory.community_a, period="2026", fmt="docx"
    )
    WorkReport.objects.filter(pk=report.pk).update(status="queued")
    assert services.work_report_render(report_id=report.pk) is True
    report.refresh_from_db()
    return report


def test_the_street_cockpit_sets_the_communities_side_by_side(territory, street_staff, client_as):
    response = client_as(street_staff).get(reverse("governance:cockpit"), {"period": "2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "领导驾驶舱" in page and "梁家屯路街道" in page
    assert page.count('data-figure="') == len(FIGURES)
    assert "梁家屯社区</th>" in page and "西岗社区</th>" in page
    assert 'data-chart="cockpit-communities"' in page


def test_a_secretary_sees_their_own_community_and_gets_404_for_another(territory, secretary_a, client_as):
    client = client_as(secretary_a)
    response = client.get(reverse("governance:cockpit"))
    assert response.status_code == 200
    assert response.context["area"] == territory.community_a
    assert "西岗社区" not in response.content.decode()
    assert client.get(reverse("governance:cockpit"), {"area": territory.community_b.pk}).status_code == 404
    assert client.get(reverse("governance:cockpit"), {"area": territory.street.pk}).status_code == 404


def test_a_bad_period_is_explained_and_the_current_year_shown(territory, street_staff, client_as):
    response = client_as(street_staff).get(reverse("governance:cockpit"), {"period": "2026Q7"})
    assert response.status_code == 200
    assert "请填写年度（如 2026）或季度（如 2026Q3）。" in response.content.decode()


def test_creating_a_report_drafts_it_and_bad_input_saves_nothing(territory, secretary_a, client_as):
    client = client_as(secretary_a)
    url = reverse("governance:report-create")
    response = client.post(url, {"area": territory.community_a.pk, "period": "2026Q9", "format": "docx"})
    assert response.status_code == 200
    assert WorkReport.objects.count() == 0
    assert "2026Q9" in response.content.decode()  # what was typed is kept
    response = client.post(url, {"area": territory.community_b.pk, "period": "2026", "format": "docx"})
    assert response.status_code == 200 and WorkReport.objects.count() == 0
    response = client.post(url, {"area": territory.community_a.pk, "period": "2026Q3", "format": "pdf"})
    report = WorkReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert (report.area, report.period, report.format, report.created_by) == (
        territory.community_a,
        "2026Q3",
        "pdf",
        secretary_a,
    )


def test_editing_makes_the_document_in_the_background_and_it_downloads_within_scope(
    territory, secretary_a, secretary_b, street_staff, client_as, media, django_capture_on_commit_callbacks
):
    report = services.work_report_create(
        user=secretary_a, area=territory.community_a, period="2026", fmt="docx"
    )
    client = client_as(secretary_a)
    form = {
        "mechanisms": "第一段。\n第二段。",
        "governance": "",
        "cogovernance": "",
        "problems": "",
        "format": "docx",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:report-edit", args=[report.pk]), form)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.progress, report.narrative["mechanisms"]) == (
        "done",
        100,
        "第一段。\n第二段。",
    )
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'data-testid="download"' in page
    download = client.get(reverse("governance:report-download", args=[report.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert (
        client_as(street_staff).get(reverse("governance:report-download", args=[report.pk])).status_code
        == 200
    )
    outsider = client_as(secretary_b)
    assert outsider.get(reverse("governance:report-download", args=[report.pk])).status_code == 404
    assert outsider.get(report.get_absolute_url()).status_code == 404
    before = report.narrative
    assert outsider.post(reverse("governance:report-edit", args=[report.pk]), form).status_code == 404
    report.refresh_from_db()
    assert report.narrative == before


def test_the_progress_fragment_polls_while_the_document_is_made(territory, secretary_a, client_as):
    report = services.work_report_create(
        user=secretary_a, area=territory.community_a, period="2026", fmt="pdf"
    )
    WorkReport.objects.filter(pk=report.pk).update(status="rendering", progress=40)
    response = client_as(secretary_a).get(
        report.get_absolute_url(), {"part": "progress"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert 'hx-trigger="every 2s"' in page and "40%" in page and "<html" not in page


def test_the_statistics_package_has_one_row_per_community_and_the_street(territory, street_staff, client_as):
    client = client_as(street_staff)
    url = reverse("governance:report-statistics")
    response = client.get(url, {"area": territory.street.pk, "period": "2026"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert [r[0] for r in rows[1:]] == ["梁家屯社区", "西岗社区", "梁家屯路街道"]
    assert len(rows[0]) == 2 + 2 * len(FIGURES)
    response = client.get(url, {"area": territory.street.pk, "period": "2026", "format": "csv"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == list(rows[0]) and len(lines) == 4


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("street_staff", 200), ("secretary_a", 200), ("grid_worker", 403), ("viewer", 200), (None, 302)],
)
def test_access_matrix(request, territory, client, persona, expected, rendered):
    """Every page of the domain for each persona: viewers see, only makers make, the anonymous log in; a grid
    worker answers for no street or community, so the cockpit and the reports are not theirs (403)."""
    if persona:
        client.force_login(request.getfixturevalue(persona))
    for url in (reverse("governance:cockpit"), reverse("governance:report-statistics")):
        assert client.get(url).status_code == expected, url
    assert client.get(reverse("governance:report-list")).status_code == {None: 302, "grid_worker": 403}.get(
        persona, 200
    )
    create = client.get(reverse("governance:report-create")).status_code
    in_scope = persona in ("street_staff", "secretary_a", "viewer")
    detail = client.get(rendered.get_absolute_url()).status_code
    # Without the permission the answer is 403 before the scope is looked at (the grid worker).
    assert detail == (200 if in_scope else 302 if persona is None else 403)
    may_add = persona in ("street_staff", "secretary_a")
    assert create == (200 if may_add else 302 if persona is None else 403)


def test_access_of_the_other_community(territory, secretary_b, client_as, rendered):
    client = client_as(secretary_b)
    for name in ("report-detail", "report-download"):
        assert client.get(reverse(f"governance:{name}", args=[rendered.pk])).status_code == 404
    assert (
        client.post(reverse("governance:report-edit", args=[rendered.pk]), {"format": "pdf"}).status_code
        == 404
    )
    rendered.refresh_from_db()
    assert rendered.format == "docx"


def test_report_list_query_count_is_pinned(territory, secretary_a, street_staff, client_as, rendered):
    services.work_report_create(user=street_staff, area=territory.street, period="2026Q3")
    client = client_as(street_staff)
    client.get(reverse("governance:report-list"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("governance:report-list"))
    assert response.status_code == 200
    # session, user, count, the page of reports with area and maker, the header's assignments (the user's
    # scope label), unread notifications; permissions and scope paths come from the cache once warm
    assert len(queries) == 6, "\n".join(q["sql"][:150] for q in queries)
