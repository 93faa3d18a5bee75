"""ID numbers and phones are encrypted at rest: tables, history rows and a real pg_dump hold no number."""

import base64
import datetime
import io
import re
import subprocess
from types import SimpleNamespace

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from governance.lib import crypto
from governance.models import Resident
from governance.residents import services
from tests.factories import make_resident

ID_RE = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dX](?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
OLD_KEY = base64.b64encode(b"o" * 32).decode()
NEW_KEY = base64.b64encode(b"n" * 32).decode()


def _raw(table, column, where="1=1", params=()):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {where}", list(params))
        return [r[0] for r in cursor.fetchall()]


@pytest.fixture
def resident(territory):
    return make_resident(
        territory.stairwell_a,
        id_number="11010519491231002X",
        phone="13812345678",
        birth_date=datetime.date(1949, 12, 31),
        gender="F",
    )


def test_tables_and_history_rows_hold_ciphertext(resident):
    resident.note = "改一次，多一行历史"
    resident.save()
    stored = _raw("governance_resident", "id_number") + _raw("governance_resident", "phone")
    history = _raw("governance_historicalresident", "id_number") + _raw(
        "governance_historicalresident", "phone"
    )
    assert len(stored) == 2 and len(history) == 4
    for token in stored + history:
        assert token.startswith("enc1:")
        assert "11010519491231002X" not in token and "13812345678" not in token
    assert len(set(history)) == 4  # a fresh nonce each write: equal numbers do not look equal
    fresh = Resident.objects.get(pk=resident.pk)
    assert (fresh.id_number, fresh.phone) == ("11010519491231002X", "13812345678")
    assert fresh.history.first().phone == "13812345678"


def test_exact_lookup_and_uniqueness_through_the_blind_index(resident, territory):
    assert list(Resident.objects.by_phone("138 1234 5678")) == [resident]
    assert list(Resident.objects.by_id_number("11010519491231002x")) == [resident]
    assert list(Resident.objects.by_phone("13900000000")) == []
    with pytest.raises(ValidationError) as err:
        services.resident_create(
            area=territory.stairwell_a,
            room="102",
            name="重复",
            gender="F",
            birth_date=datetime.date(1949, 12, 31),
            id_number="11010519491231002X",
        )
    assert "id_number" in err.value.message_dict
    assert Resident.objects.count() == 1


def test_an_encrypted_column_refuses_a_plain_lookup(resident):
    with pytest.raises(FieldError):
        list(Resident.objects.filter(phone="13812345678"))
    assert Resident.objects.filter(phone="").count() == 0


def test_rotating_the_key_re_encrypts_everything_history_included(territory):
    with override_settings(JIEDAO_PII_KEY=OLD_KEY, JIEDAO_PII_OLD_KEYS=[]):
        resident = make_resident(territory.stairwell_a, phone="13812345678")
        old_id = crypto.keyring()[0]
    with override_settings(JIEDAO_PII_KEY=NEW_KEY, JIEDAO_PII_OLD_KEYS=[OLD_KEY]):
        new_id = crypto.keyring()[0]
        assert Resident.objects.get(pk=resident.pk).phone == "13812345678"  # old key still reads
        out = io.StringIO()
        call_command("rotate_personal_data_key", stdout=out)
        assert "governance.Resident: 1 re-encrypted" in out.getvalue()
    tokens = _raw("governance_resident", "phone") + _raw("governance_historicalresident", "phone")
    assert tokens and all(t.startswith(f"enc1:{new_id}:") for t in tokens) and old_id != new_id
    with override_settings(JIEDAO_PII_KEY=NEW_KEY, JIEDAO_PII_OLD_KEYS=[]):
        assert Resident.objects.get(pk=resident.pk).phone == "13812345678"
        assert list(Resident.objects.by_phone("13812345678")) == [resident]
        out = io.StringIO()
        call_command("rotate_personal_data_key", stdout=out)
        assert "governance.Resident: 0 re-encrypted" in out.getvalue()


def test_the_migration_step_encrypts_plain_values_once(resident):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE governance_resident SET phone = %s, phone_index = NULL WHERE id = %s",
            ["13900001111", resident.pk],
        )
    step = crypto.encrypt_in_place("governance_resident", "id", [("phone", "phone_index", "phone")])
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    step(None, editor)
    step(None, editor)  # a second run leaves encrypted values alone
    [token] = _raw("governance_resident", "phone")
    assert token.startswith("enc1:")
    assert list(Resident.objects.by_phone("13900001111")) == [resident]


@pytest.mark.realservices
def test_pg_dump_of_the_demo_street_holds_no_id_or_mobile_number(transactional_db, real_postgres):
    call_command("seed_demo", stdout=io.StringIO())
    assert Resident.objects.count() >= 300
    settings = connection.settings_dict
    dump = subprocess.run(
        ["pg_dump", "-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
        + ["-U", settings["USER"] or "postgres", "--data-only", settings["NAME"]],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    assert "COPY public.governance_resident " in dump
    assert dump.count("enc1:") >= Resident.objects.count()
    assert ID_RE.findall(dump) == []
    assert MOBILE_RE.findall(dump) == []
