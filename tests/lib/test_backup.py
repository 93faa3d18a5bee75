"""Backup and restore: the demo backed up, restored into a fresh database, every table compared."""

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from governance.lib.backup import Target, backup_create, backups_list, table_fingerprints
from tests.factories import pdf_bytes

# Transactional: pg_dump reads from its own connection, so the data must be committed. The rows that
# migrations add (service categories...) come back after other tests flushed them: serialized_rollback.
pytestmark = [pytest.mark.realservices, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = pdf_bytes()  # a real PDF: uploads are parsed


@pytest.fixture
def fresh_database(real_postgres):
    """An empty database beside the test database, dropped afterwards."""
    source = Target.from_settings(connection.settings_dict)
    name = f"{source.name}_restore"
    admin = psycopg2.connect(
        dbname="postgres", host=source.host or None, port=source.port or None, user=source.user or None
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield Target(name=name, host=source.host, port=source.port, user=source.user, password=source.password)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def demo_with_upload(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)
    from partybuilding import services
    from partybuilding.models import Meeting

    meeting = Meeting.objects.order_by("pk").first()
    upload = SimpleUploadedFile("签到表.pdf", PDF, content_type="application/pdf")
    return services.attachment_add(user=meeting.created_by, meeting=meeting, upload=upload)


def test_backup_then_restore_into_a_fresh_database_gives_the_same_tables_and_files(
    demo_with_upload, fresh_database, settings, tmp_path
):
    call_command("backup", dir=tmp_path / "backups", keep=3)
    (backup,) = backups_list(tmp_path / "backups")
    manifest = json.loads((backup / "manifest.json").read_text())
    with connection.cursor() as cursor:
        source = table_fingerprints(cursor)
    assert manifest["tables"] == source
    # the demo's five sign-in sheets and the PDF uploaded here; the demo's case photos too
    assert source["partybuilding_meetingattachment"][0] == 6
    assert source["governance_casephoto"][0] == 6
    assert source["governance_resident"][0] > 0

    restored_media = tmp_path / "restored-media"
    call_command(
        "restore",
        str(backup),
        database_url=f"postgres://{fresh_database.user or 'postgres'}@{fresh_database.host or '127.0.0.1'}:"
        f"{fresh_database.port or 5432}/{fresh_database.name}",
        media_root=restored_media,
        yes=True,
    )
    conn = fresh_database.connect()
    try:
        with conn.cursor() as cursor:
            restored = table_fingerprints(cursor)
    finally:
        conn.close()
    assert restored == source  # every table: the same row count and the same checksum
    assert (restored_media / demo_with_upload.file.name).read_bytes() == PDF
    from governance.models import CasePhoto

    for photo in CasePhoto.objects.all():
        assert (restored_media / photo.image.name).read_bytes() == photo.image.read()


def test_retention_keeps_the_newest(settings, tmp_path, real_postgres):
    settings.MEDIA_ROOT = tmp_path / "media"
    directory = tmp_path / "backups"
    for hour in (1, 2, 3):
        backup_create(
            directory=directory,
            media_root=settings.MEDIA_ROOT,
            keep=2,
            now=datetime(2026, 12, 1, hour, tzinfo=SHANGHAI),
        )
    assert [p.name for p in backups_list(directory)] == ["jiedao-20261201-020000", "jiedao-20261201-030000"]


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    settings, tmp_path, real_postgres, fresh_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = backup_create(
        directory=tmp_path / "backups",
        media_root=Path(settings.MEDIA_ROOT),
        keep=1,
        now=datetime.now(SHANGHAI),
    )
    with (path / "database.dump").open("ab") as fh:
        fh.write(b"x")
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command(
            "restore",
            str(path),
            database_url=f"postgres://{fresh_database.user or 'postgres'}@{fresh_database.host or '127.0.0.1'}:"
            f"{fresh_database.port or 5432}/{fresh_database.name}",
            media_root=tmp_path / "m",
            yes=True,
        )
    conn = fresh_database.connect()
    try:
        with conn.cursor() as cursor:
            assert table_fingerprints(cursor) == {}
    finally:
        conn.close()
