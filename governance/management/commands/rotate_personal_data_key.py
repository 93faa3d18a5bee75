"""Re-encrypt every personal-data column under the current key and recompute the blind indexes.

Put the new key in JIEDAO_PII_KEY and the old one in JIEDAO_PII_OLD_KEYS, run this, then drop the old key.
History rows are re-encrypted too. Safe to run twice: rows already under the current key are skipped.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from governance.lib.crypto import BlindIndexField, EncryptedTextField, blind_index, is_current, keyring


def encrypted_models():
    """(model, encrypted fields, blind-index fields) of every model, history models included."""
    for model in apps.get_models():
        encrypted = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if encrypted:
            indexes = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
            yield model, encrypted, indexes


def _stale_pks(model, encrypted) -> list:
    """Primary keys of rows holding a value under an older key (the stored tokens, read raw)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in encrypted)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(model._meta.pk.column)}, {columns} FROM {quote(model._meta.db_table)}")
        return [pk for pk, *tokens in cursor.fetchall() if not all(is_current(t) for t in tokens)]


class Command(BaseCommand):
    help = "Re-encrypt residents' ID numbers and phones (and their history) under the current JIEDAO_PII_KEY."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        current = keyring()[0]
        for model, encrypted, indexes in encrypted_models():
            with transaction.atomic():
                stale = _stale_pks(model, encrypted)
                for start in range(0, len(stale), batch_size):
                    for obj in model._default_manager.filter(pk__in=stale[start : start + batch_size]):
                        updates = {f.attname: getattr(obj, f.attname) for f in encrypted}
                        for index in indexes:
                            updates[index.attname] = blind_index(index.kind, getattr(obj, index.source))
                        model._default_manager.filter(pk=obj.pk).update(**updates)
            self.stdout.write(f"{model._meta.label}: {len(stale)} re-encrypted under key {current}")
