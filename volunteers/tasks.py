"""Celery tasks of the services app: take ids or nothing, call a service, safe to run twice."""

from celery import shared_task

from volunteers import services


@shared_task(ignore_result=True)
def resident_reports_purge() -> int:
    """Daily: delete residents' reports whose phone was never confirmed (and their photos)."""
    return services.resident_reports_purge_unconfirmed()
