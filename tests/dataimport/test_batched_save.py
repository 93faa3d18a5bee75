"""Confirming saves in bulk chunks and the undo removes set-wise, yet the stored rows are the ones `save()` writes:
personal data encrypted with its blind index, one history row per record naming the user, exactly what was
imported taken back, nothing taken back while a record has changed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.dataimport import services
from governance.dataimport.choices import BatchStatus
from governance.lib.crypto import blind_index
from governance.lib.masking import PersonalKind
from governance.models import Household, ImportBatch, ImportedRecord, Resident
from governance.residents.imports import ResidentRoster
from governance.residents.scale import residents_workbook
from partybuilding.services import member_create
from tests.dataimport.helpers import upload, xlsx_bytes
from tests.dataimport.test_residents import H, good_rows, row
from tests.factories import make_resident
from tests.partybuilding.factories import org_chain


def _import(client, rows, name="居民.xlsx") -> ImportBatch:
    upload(client, "residents", name, xlsx_bytes(H, rows))
    batch = ImportBatch.objects.order_by("-id").first()
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    batch.refresh_from_db()
    return batch


@pytest.fixture
def small_chunks(settings):
    settings.JIEDAO_IMPORT_CHUNK_ROWS = 2  # three rows: two chunks


def test_a_chunked_import_stores_encrypted_numbers_their_index_and_history(
    territory, secretary_a, client_as, small_chunks
):
    batch = _import(client_as(secretary_a), good_rows())
    assert (batch.status, batch.new_count, ImportedRecord.objects.filter(batch=batch).count()) == (
        "done",
        3,
        3,
    )
    id_number = good_rows()[0][3]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, id_number_index FROM governance_resident WHERE name = '张三'"
        )
        stored_id, stored_phone, index = cursor.fetchone()
        cursor.execute("SELECT id_number, phone FROM governance_historicalresident")
        history_columns = [value for pair in cursor.fetchall() for value in pair]
    assert stored_id.startswith("enc1:") and id_number not in stored_id and "13812345678" not in stored_phone
    assert index == blind_index(PersonalKind.ID_NUMBER, id_number)
    assert all(v.startswith("enc1:") for v in history_columns) and len(history_columns) == 6
    assert Resident.objects.by_id_number(id_number).get().name == "张三"
    assert Resident.objects.by_phone("13800138000").get().name == "王五"
    person = Resident.objects.get(name="张三")
    assert [(h.history_type, h.history_user) for h in person.history.all()] == [("+", secretary_a)]
    assert (person.household.room, person.created_at is not None) == ("101", True)


def test_a_changed_row_saved_in_bulk_keeps_its_index_and_history(
    territory, secretary_a, client_as, small_chunks
):
    person = make_resident(territory.stairwell_a, room="101", name="钱七", phone="13711112222")
    data = row("钱七", person.birth_date.isoformat(), person.id_number, "101", phone="13900001111")
    batch = _import(client_as(secretary_a), [data])
    assert batch.changed_count == 1
    assert Resident.objects.by_phone("13900001111").get() == person
    assert not Resident.objects.by_phone("13711112222").exists()
    history = person.history.order_by("history_id")
    assert [(h.history_type, h.history_user, h.phone) for h in history][1:] == [
        ("~", secretary_a, "13900001111")
    ]
    assert history.last().updated_at > history.first().updated_at


def test_a_row_raced_by_another_writer_is_refused_alone(territory, secretary_a, client_as, monkeypatch):
    """An ID number registered between the check and the save fails its chunk, which is saved row by row."""
    taken = good_rows()[1][3]
    make_resident(
        territory.stairwell_a, room="301", name="别人", id_number=taken, birth_date=datetime.date(2010, 5, 5)
    )
    monkeypatch.setattr(ResidentRoster, "find", lambda self, key, ctx: None)  # the plan did not see it
    batch = _import(client_as(secretary_a), good_rows())
    assert (batch.new_count, batch.refused_count) == (2, 1), batch.report
    assert batch.report["refused"][0]["row"] == 3
    assert sorted(Resident.objects.values_list("name", flat=True)) == ["别人", "张三", "王五"]
    assert ImportedRecord.objects.filter(batch=batch).count() == 2


def test_undo_removes_exactly_what_was_imported(territory, secretary_a, client_as):
    neighbour = make_resident(territory.stairwell_a, room="101", name="邻居")
    client = client_as(secretary_a)
    batch = _import(client, good_rows())
    assert Resident.objects.count() == 4 and Household.objects.count() == 2
    with CaptureQueriesContext(connection) as queries:
        services.import_undo(user=secretary_a, batch=batch)
    assert len(queries) < 40  # set-based: the same few queries for three rows or fifty thousand
    assert list(Resident.objects.all()) == [neighbour]
    assert list(Household.objects.values_list("room", flat=True)) == ["101"]  # 102 was the import's own
    removed = Resident.history.filter(history_type="-")
    assert sorted((h.name, h.history_user) for h in removed) == [
        ("张三", secretary_a),
        ("张小三", secretary_a),
        ("王五", secretary_a),
    ]


def test_undo_refuses_while_a_record_changed_or_is_used_and_then_removes_nothing(
    territory, secretary_a, client_as
):
    client = client_as(secretary_a)
    batch = _import(client, good_rows())
    Resident.objects.filter(name="张小三").update(name="张晓三")  # changed outside the import
    response = client.post(f"/imports/batch/{batch.pk}/undo/", follow=True)
    assert "第 3 行（张晓三）在导入后已被修改" in response.content.decode()
    Resident.objects.filter(name="张晓三").update(name="张小三")
    Resident.objects.filter(name="王五").delete()
    response = client.post(f"/imports/batch/{batch.pk}/undo/", follow=True)
    assert "第 4 行：该记录在导入后已被删除" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and Resident.objects.count() == 2


def test_undo_refuses_when_a_record_is_used_since(territory, secretary_a, client_as):
    client = client_as(secretary_a)
    batch = _import(client, good_rows())
    branch = org_chain(territory.stairwell_a)[4]
    member_create(user=None, name="张三", organisation=branch, resident=Resident.objects.get(name="张三"))
    before = Resident.history.count()
    client.post(f"/imports/batch/{batch.pk}/undo/")
    batch.refresh_from_db()
    # A party member only points at the resident (SET_NULL): the undo goes through and unlinks them.
    assert batch.status == BatchStatus.UNDONE and Resident.objects.count() == 0
    assert Resident.history.count() == before + 3


@pytest.mark.slow
def test_five_thousand_residents_are_saved_and_undone_in_a_few_queries_per_thousand(
    territory, street_admin, django_capture_on_commit_callbacks
):
    """The background path (eager here): about fifteen queries per chunk of 1,000 rows, not several per row."""
    places = [("梁家屯社区", "第一网格", "1号楼", "1单元")]
    content = residents_workbook(5000, places)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.import_upload(
            user=street_admin, roster_key="residents", filename="居民.xlsx", content=content
        )
    batch.refresh_from_db()
    assert (batch.status, batch.new_count, batch.refused_count) == (BatchStatus.CHECKED, 5000, 0), (
        batch.report
    )
    with CaptureQueriesContext(connection) as saving, django_capture_on_commit_callbacks(execute=True):
        services.import_confirm(user=street_admin, batch=batch)
    batch.refresh_from_db()
    assert (batch.status, batch.new_count, batch.processed_rows) == (BatchStatus.DONE, 5000, 5000)
    assert Resident.objects.count() == 5000 and Resident.history.filter(history_type="+").count() == 5000
    # Per chunk of 1,000: households, residents, their history, the imported records (+ savepoints).
    assert len(saving) < 20 + 15 * 5, len(saving)  # measured: 80
    with CaptureQueriesContext(connection) as undoing:
        services.import_undo(user=street_admin, batch=batch)
    assert Resident.objects.count() == 0 and Household.objects.count() == 0
    assert len(undoing) < 60, len(undoing)  # measured: 44, of which 5 history INSERTs of 1,000


def test_the_upload_sizes_an_xlsx_from_its_row_elements_and_the_check_counts_exactly(
    territory, secretary_a, client_as
):
    from governance.lib import importing

    client = client_as(secretary_a)
    generated = residents_workbook(7, [("梁家屯社区", "第一网格", "1号楼", "1单元")])  # no <dimension>
    assert importing.estimate_rows("居民.xlsx", generated) == 7
    # The template formats 2,000 rows as text: they count as rows until the check reads the values.
    template = client.get("/imports/residents/template/").content
    assert importing.estimate_rows("模板.xlsx", template) == 2000
    assert importing.estimate_rows("居民.csv", b"a,b\n1,2\n3,4\n") == 2
    with pytest.raises(importing.ImportFileError):
        importing.estimate_rows("坏.xlsx", b"PK\x03\x04 not really a zip")
