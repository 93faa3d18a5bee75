"""Celery tasks of the work report: take an id, call a service, safe to run twice."""

from celery import shared_task

from governance.reports import services


@shared_task
def work_report_render(report_id: int) -> bool:
    """Make the report's document in the background (the page polls its progress)."""
    return services.work_report_render(report_id=report_id)
