"""A large import through the real path: the upload page, a real Celery worker checking and saving, the
progress page polled meanwhile, then the undo."""

import time

import pytest

from governance.dataimport.choices import BatchStatus
from governance.models import ImportBatch, Resident
from governance.residents.scale import residents_workbook
from tests.dataimport.helpers import upload

pytestmark = pytest.mark.realservices


def _wait(client, batch, status: str, seen: list) -> ImportBatch:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        page = client.get(f"/imports/batch/{batch.pk}/", headers={"HX-Request": "true"}).content.decode()
        seen.append(page)
        batch.refresh_from_db()
        if batch.status == status:
            return batch
        assert batch.status not in (BatchStatus.FAILED,), batch.error
        time.sleep(0.5)
    raise AssertionError(f"import {batch.pk} still {batch.status}")


def test_a_large_file_is_checked_and_saved_by_a_real_worker_and_undone(
    celery_worker, territory, street_admin, client_as
):
    client = client_as(street_admin)
    content = residents_workbook(1500, [("梁家屯社区", "第一网格", "1号楼", "1单元")])
    upload(client, "residents", "居民.xlsx", content)
    batch = ImportBatch.objects.get()
    seen: list = []
    batch = _wait(client, batch, BatchStatus.CHECKED, seen)
    assert (batch.new_count, batch.refused_count) == (1500, 0), batch.report
    assert any('hx-trigger="every 1s"' in page for page in seen)  # the page polled while the worker ran
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    batch = _wait(client, batch, BatchStatus.DONE, seen)
    assert Resident.objects.count() == 1500 and batch.processed_rows == 1500
    # The worker has no request, yet each history row names who imported.
    assert set(Resident.history.values_list("history_user", flat=True)) == {street_admin.pk}
    client.post(f"/imports/batch/{batch.pk}/undo/")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE and Resident.objects.count() == 0
