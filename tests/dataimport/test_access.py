"""Who reaches each page of the data import: anonymous to login, a viewer refused, the owner in, others 404."""

import pytest

from governance.models import ImportBatch
from tests.dataimport.helpers import headers, upload, xlsx_bytes

ROSTER_URLS = ["/imports/", "/imports/residents/template/", "/imports/residents/export/"]


@pytest.mark.parametrize("url", ROSTER_URLS)
def test_roster_pages_by_persona(url, territory, viewer, secretary_a, street_admin, client, client_as):
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert client_as(viewer).get(url).status_code == 403
    expected = 403 if url.endswith("/export/") else 200  # a full-number export needs the reveal right
    assert client_as(street_admin).get(url).status_code == 200
    assert client_as(secretary_a).get(url).status_code in (200, expected)


def test_an_unknown_roster_is_404(territory, secretary_a, client_as):
    assert client_as(secretary_a).get("/imports/nothing/template/").status_code == 404


@pytest.mark.parametrize(
    ("method", "suffix"), [("get", ""), ("get", "checked.xlsx"), ("post", "confirm/"), ("post", "undo/")]
)
def test_batch_pages_by_persona(
    method, suffix, territory, secretary_a, secretary_b, viewer, client, client_as
):
    upload(client_as(secretary_a), "residents", "r.xlsx", xlsx_bytes(headers("residents"), [["甲"] * 3]))
    batch = ImportBatch.objects.get()
    url = f"/imports/batch/{batch.pk}/{suffix}"
    client.logout()
    assert getattr(client, method)(url).status_code == 302
    assert getattr(client_as(secretary_b), method)(url).status_code == 404
    assert getattr(client_as(viewer), method)(url).status_code == 404
    batch.refresh_from_db()
    assert batch.status == "checked" and batch.records.count() == 0  # nothing changed by the outsiders
    assert getattr(client_as(secretary_a), method)(url).status_code in (200, 302)
