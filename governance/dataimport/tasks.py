"""Celery tasks for large imports: take the batch's id, call the service, safe to run twice."""

from celery import shared_task

from governance.dataimport import services


@shared_task
def import_check(batch_id: int) -> None:
    services.import_check(batch_id=batch_id)


@shared_task
def import_apply(batch_id: int) -> None:
    services.import_apply(batch_id=batch_id)
