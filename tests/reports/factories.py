from governance.reports.models import WorkReport
from tests.factories import register_area_factory


@register_area_factory(WorkReport)
def make_work_report(area, period="2026"):
    """A drafted report of the community `area` lies in (reports are made for streets and communities)."""
    return WorkReport.objects.create(area=area.community or area, period=period)
