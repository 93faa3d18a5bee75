"""Encryption at rest for personal data: AES-256-GCM from `cryptography`, a keyed HMAC blind index.

The key comes from the environment (`JIEDAO_PII_KEY`, base64 of 32 bytes), separate from SECRET_KEY; only
with DEBUG on do the settings derive a development key from SECRET_KEY. Two sub-keys are derived from it with HKDF:
one encrypts, one keys the blind index (HMAC-SHA256 of the normalised value), which answers exact lookups
and uniqueness without the plain value ever being stored. A stored value reads
``enc1:<key id>:<base64 nonce+ciphertext+tag>``; the key id lets older keys (`JIEDAO_PII_OLD_KEYS`) still
decrypt while `rotate_personal_data_key` re-encrypts everything under the current one.
"""

import base64
import hashlib
import hmac
import os
import re
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact

PREFIX = "enc1"
NONCE_BYTES = 12


def new_key() -> str:
    """A fresh key for `JIEDAO_PII_KEY`."""
    return base64.b64encode(os.urandom(32)).decode()


def _decode_key(text: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured("JIEDAO_PII_KEY is not base64.") from exc
    if len(key) != 32:
        raise ImproperlyConfigured("JIEDAO_PII_KEY must be 32 bytes (base64 of 32 random bytes).")
    return key


def _derive(master: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"jiedao {purpose}".encode()).derive(
        master
    )


def _key_id(master: bytes) -> str:
    return hashlib.sha256(master).hexdigest()[:8]


@lru_cache(maxsize=4)
def _keyring(current: str, old: tuple[str, ...]):
    if not current:
        raise ImproperlyConfigured("JIEDAO_PII_KEY is not set.")
    masters = [_decode_key(current)] + [_decode_key(k) for k in old if k.strip()]
    ring = {_key_id(m): (AESGCM(_derive(m, "encrypt")), _derive(m, "blind index")) for m in masters}
    return _key_id(masters[0]), ring


def keyring():
    """(current key id, {key id: (AES-GCM cipher, index key)}) from the settings."""
    return _keyring(settings.JIEDAO_PII_KEY or "", tuple(settings.JIEDAO_PII_OLD_KEYS))


def encrypt(text: str | None) -> str | None:
    if text is None or text == "":
        return text
    current, ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring[current][0].encrypt(nonce, text.encode(), current.encode())
    return f"{PREFIX}:{current}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str | None) -> str | None:
    if token is None or token == "":
        return token
    prefix, _, rest = token.partition(":")
    key_id, _, body = rest.partition(":")
    if prefix != PREFIX:
        raise ValueError("a personal-data column holds a value that is not encrypted")
    ring = keyring()[1]
    if key_id not in ring:
        raise ImproperlyConfigured(
            f"No key for personal data encrypted under key {key_id}: set JIEDAO_PII_OLD_KEYS."
        )
    raw = base64.b64decode(body)
    try:
        return ring[key_id][0].decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], key_id.encode()).decode()
    except InvalidTag as exc:
        raise ValueError("a personal-data value failed its integrity check") from exc


def is_current(token: str | None) -> bool:
    return not token or token.startswith(f"{PREFIX}:{keyring()[0]}:")


def index_normal(value: str) -> str:
    """What the blind index hashes: the value without spaces, hyphens or brackets, upper case."""
    return re.sub(r"[\s\-()]", "", value or "").upper()


def blind_index(kind: str, value: str | None) -> str | None:
    """The keyed hash answering "is this exact number stored?" (None for no value)."""
    normal = index_normal(value or "")
    if not normal:
        return None
    current, ring = keyring()
    return hmac.new(ring[current][1], f"{kind}:{normal}".encode(), hashlib.sha256).hexdigest()


class _EmptyOnlyExact(Exact):
    """Ciphertexts differ each time: only "is it empty" can be asked of the column itself."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError("An encrypted column cannot be searched: look it up through its blind index.")
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    """Text stored encrypted (AES-GCM, a fresh nonce each write); the model reads and writes plain text."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value)

    def get_prep_value(self, value):
        return encrypt(super().get_prep_value(value))

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None


class BlindIndexField(models.CharField):
    """The blind index of another field of the same model, computed whenever the record is saved."""

    def __init__(self, *args, source: str = "", kind: str = "", **kwargs):
        self.source, self.kind = source, kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, kind=self.kind)
        for key, default in (("max_length", 64), ("null", True), ("blank", True), ("editable", False)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = blind_index(self.kind, getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def encrypt_in_place(table: str, pk: str, columns: list[tuple[str, str | None, str]]):
    """A migration step: encrypt a table's plain values and fill their blind indexes, row by row.

    `columns` are (column, index column or None, kind). Values already encrypted are left as they are.
    """

    def run(apps, schema_editor):
        quote = schema_editor.quote_name
        names = [c for c, _, _ in columns]
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"SELECT {quote(pk)}, {', '.join(quote(n) for n in names)} FROM {quote(table)}")
            rows = cursor.fetchall()
            for row_pk, *values in rows:
                sets, params = [], []
                for (column, index_column, kind), value in zip(columns, values, strict=True):
                    if not value or value.startswith(f"{PREFIX}:"):
                        continue
                    sets.append(f"{quote(column)} = %s")
                    params.append(encrypt(value))
                    if index_column:
                        sets.append(f"{quote(index_column)} = %s")
                        params.append(blind_index(kind, value))
                if sets:
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {', '.join(sets)} WHERE {quote(pk)} = %s",
                        [*params, row_pk],
                    )

    return run
