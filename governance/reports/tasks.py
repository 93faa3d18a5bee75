"""Celery tasks of the work report: take an id, call a service, safe to run twice."""

from config.celery import app
from governance.reports import services


# Bound to the project's app rather than to whichever app is current when the module is first imported.
@app.task
def work_report_render(report_id: int) -> bool:
    """Make the report's document in the background (the page polls its progress)."""
    return services.work_report_render(report_id=report_id)
