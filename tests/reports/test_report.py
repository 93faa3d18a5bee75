"""The demo street's annual report: every figure in the document equals the figure computed here, again and
independently, from the rows; the .docx opens in python-docx and LibreOffice; the PDF renders to PNG pages."""

import datetime
import io
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from governance.lib.figures import Period, format_value
from governance.models import Area, StaffMember, Summons
from governance.reports import selectors, services
from governance.staff.choices import StaffKind
from partybuilding.models import Pledge
from property.models import FeeRecord, FeeSubsidy
from tests.conftest import require_or_skip
from volunteers.models import Need, ServiceRecord

YEAR = Period(2026)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo street, seeded once for the module inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _pct(part, whole):
    return None if not whole else round(100 * part / whole, 1)


def _in(area, path):
    return path.startswith(area.path)


def expected(area) -> dict:
    """The figures the issue names, each computed here from plain rows without the portal's selectors."""
    day = YEAR.as_of()
    start_at, end_at = YEAR.start_at, YEAR.end_at
    leaders = [
        s
        for s in StaffMember.objects.select_related("area")
        if _in(area, s.area.path)
        and s.kind == StaffKind.CADRE
        and s.is_leadership
        and s.hired_on <= day
        and (s.left_on is None or s.left_on > day)
    ]
    ages = [
        day.year - s.birth_date.year - ((day.month, day.day) < (s.birth_date.month, s.birth_date.day))
        for s in leaders
    ]
    workers = [
        s
        for s in StaffMember.objects.select_related("area")
        if _in(area, s.area.path) and s.kind == StaffKind.COMMUNITY_WORKER
    ]

    def headcount(d):
        return sum(1 for s in workers if s.hired_on <= d and (s.left_on is None or s.left_on > d))

    leavers = sum(1 for s in workers if s.left_on and YEAR.start <= s.left_on <= day)
    average = (headcount(YEAR.start) + headcount(day)) / 2
    records = [
        r
        for r in ServiceRecord.objects.select_related("area")
        if _in(area, r.area.path) and r.status == "confirmed" and YEAR.start <= r.served_on <= YEAR.end
    ]
    fees = [
        f
        for f in FeeRecord.objects.select_related("area")
        if _in(area, f.area.path) and YEAR.start <= f.period <= YEAR.end
    ]
    billed = sum((f.billed for f in fees), Decimal("0"))
    collected = sum((f.collected for f in fees), Decimal("0"))
    subsidies = sum(
        (
            s.amount
            for s in FeeSubsidy.objects.select_related("area")
            if _in(area, s.area.path) and YEAR.start <= s.paid_on <= YEAR.end
        ),
        Decimal("0"),
    )
    needs = [
        n
        for n in Need.objects.select_related("area")
        if _in(area, n.area.path) and start_at <= n.submitted_at < end_at
    ]
    in_time = sum(1 for n in needs if n.responded_at and n.responded_at <= n.respond_by)
    not_declined = [n for n in needs if n.status != "declined" and not n.decline_reason]
    # The three rates as the rates page counts them: only needs answered, done or past their deadline
    # today, and each need's first rating.
    today = timezone.now()
    response_due = [n for n in needs if n.responded_at or n.respond_by < today]
    resolution_due = [n for n in not_declined if n.done_at or n.resolve_by < today]
    rated = [n for n in needs if n.first_rating is not None]
    now = YEAR.as_of_moment()
    summonses = [
        s
        for s in Summons.objects.select_related("case__area")
        if _in(area, s.case.area.path) and start_at <= s.summoned_at < end_at
    ]
    due = [s for s in summonses if s.arrived_at or s.respond_by < now]
    on_time = sum(1 for s in due if s.arrived_at and s.arrived_at <= s.respond_by)
    pledges = [
        p
        for p in Pledge.objects.select_related("area")
        if _in(area, p.area.path) and YEAR.start <= p.due_on <= YEAR.end
    ]
    fulfilment = (
        (sum(min(Decimal(1), p.delivered / p.quantity) for p in pledges) / len(pledges) * 100).quantize(
            Decimal("0.1")
        )
        if pledges
        else None
    )
    return {
        "staff.leadership_average_age": round(sum(ages) / len(ages), 1) if ages else None,
        "staff.turnover": round(100 * leavers / average, 1) if average else None,
        "volunteers.person_times": len(records),
        "volunteers.service_hours": sum((r.hours for r in records), Decimal("0")),
        "property.fees_collected": collected,
        "property.collection_rate": (collected * 100 / billed).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if billed
        else None,
        "property.subsidies": subsidies,
        "volunteers.response_rate": _pct(in_time, len(response_due)),
        "volunteers.resolution_rate": _pct(sum(1 for n in not_declined if n.done_at), len(resolution_due)),
        "volunteers.satisfaction_rate": _pct(sum(1 for n in rated if n.first_rating >= 4), len(rated)),
        "enforcement.arrival_on_time": _pct(on_time, len(due)),
        "party.pledge_fulfilment": fulfilment,
    }


def docx_figures(content: bytes) -> dict[str, str]:
    """{row label: printed value} from every figure table of the Word document."""
    from docx import Document

    document = Document(io.BytesIO(content))
    rows = {}
    for table in document.tables:
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            rows[cells[0].split("（")[0]] = cells[1]
    return rows, "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("place", ["street", "community"])
def test_every_figure_in_the_document_equals_the_rows(demo, db, place):
    area = (
        Area.objects.get(depth=2, name="梁家屯路街道")
        if place == "street"
        else Area.objects.get(name="梁家屯社区")
    )
    figures = selectors.report_figures(area, YEAR)
    content = services.build_document(area=area, period=YEAR, fmt="docx")
    printed, text = docx_figures(content)
    labels = {v["key"]: v["label"] for v in figures["values"]}
    decimals = {v["key"]: v["decimals"] for v in figures["values"]}
    wanted = expected(area)
    for key, value in wanted.items():
        assert printed[labels[key]] == format_value(value, decimals[key]), key
    # The demo is not empty: these are real numbers, not dashes.
    assert wanted["volunteers.person_times"] > 0 and wanted["property.fees_collected"] > 0
    assert all(wanted[k] is not None for k in ("volunteers.response_rate", "property.collection_rate"))
    if place == "street":
        assert (
            wanted["staff.leadership_average_age"] == Decimal("44.5")
            or wanted["staff.leadership_average_age"] == 44.5
        )
    for heading in ("一、体制机制", "二、治理体系", "三、多元共治", "四、发现的问题"):
        assert heading in text
    assert f"{area.name}2026年工作报告" in text


def test_the_docx_opens_in_libreoffice_and_the_pdf_renders_to_pages(demo, db, tmp_path):
    street = Area.objects.get(depth=2, name="梁家屯路街道")
    docx = tmp_path / "report.docx"
    pdf = tmp_path / "report.pdf"
    call_command(
        "work_report", period="2026", area=street.pk, format="docx", out=str(docx), stdout=io.StringIO()
    )
    call_command(
        "work_report", period="2026", area=street.pk, format="pdf", out=str(pdf), stdout=io.StringIO()
    )
    _rows, text = docx_figures(docx.read_bytes())
    assert "梁家屯路街道2026年工作报告" in text
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(docx))
    normal = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "仿宋"  # official-document body font
    assert round(document.sections[0].page_width.cm, 1) == 21.0  # A4
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "fldChar" in footer  # page numbers

    soffice = shutil.which("soffice")
    require_or_skip(bool(soffice), "LibreOffice (soffice)")
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "lo"),
            str(docx),
        ],
        capture_output=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "lo" / "report.pdf").stat().st_size > 10_000

    pdftoppm = shutil.which("pdftoppm")
    require_or_skip(bool(pdftoppm), "poppler-utils (pdftoppm)")
    out = Path(settings.BASE_DIR) / "var" / "screenshots" / "work-report"
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([pdftoppm, "-r", "60", "-png", str(pdf), str(out)], check=True, timeout=120)
    pages = sorted(out.parent.glob("work-report-*.png"))
    assert len(pages) >= 4
    assert all(p.stat().st_size > 5_000 for p in pages)


def test_the_report_row_keeps_its_parameters_and_renders_in_the_background(demo, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="secretary_ljt")
    community = Area.objects.get(name="梁家屯社区")
    report = services.work_report_create(user=user, area=community, period="2026Q3", fmt="pdf")
    assert (report.period, report.created_by, report.status) == ("2026Q3", user, "draft")
    assert report.narrative["mechanisms"].startswith("2026年第3季度，梁家屯社区")
    with pytest.raises(ValidationError, match="负责的范围"):
        services.work_report_create(user=user, area=Area.objects.get(name="西岗社区"), period="2026")
    assert services.work_report_render(report_id=report.pk) is False  # a draft is not claimed
    with transaction.atomic():  # eager Celery runs the task once the transaction commits
        services.work_report_edit(user=user, report=report, narrative={"mechanisms": "改过的一段。"})
        services.work_report_queue(user=user, report=report)
    report.refresh_from_db()
    assert report.status == "queued"
    assert services.work_report_render(report_id=report.pk) is True
    report.refresh_from_db()
    assert (report.status, report.progress) == ("done", 100)
    assert report.file.read()[:4] == b"%PDF"
    assert report.rendered_at <= timezone.now() and report.rendered_at > timezone.now() - datetime.timedelta(
        minutes=5
    )
