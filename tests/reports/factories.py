from governance.lib.figures import Period
from governance.reports import selectors
from governance.reports.models import WorkReport
from tests.factories import register_area_factory


@register_area_factory(WorkReport)
def make_work_report(area, period="2026"):
    """A drafted report of the community `area` lies in (reports are made for streets and communities), with
    its figures and paragraphs computed as the drafting service computes them."""
    place = area.community or area
    parsed = Period.parse(period)
    figures = selectors.report_figures(place, parsed)
    return WorkReport.objects.create(
        area=place, period=parsed.code, figures=figures, narrative=selectors.narrative_draft(figures)
    )
