"""Writes for imports: upload, check, confirm, apply and undo a batch, each through the roster's own services."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.dataimport.choices import BatchStatus, RecordAction
from governance.dataimport.models import ImportBatch, ImportedRecord
from governance.lib import importing
from governance.lib.importing import CHANGED, NEW, REFUSED, UNCHANGED, ImportFileError, Roster

logger = logging.getLogger(__name__)
REPORT_ROWS = 1000  # refused and changed rows kept in the report for the page (the workbook has them all)


def roster_for(key: str, user) -> Roster:
    """The roster under `key` if the user may import it (its model's add permission), else PermissionError."""
    roster = importing.ROSTERS.get(key)
    if roster is None or not user.has_perm(roster.permission):
        raise PermissionError(key)
    return roster


def _progress_key(batch_id: int) -> str:
    return f"jiedao:import-progress:{batch_id}"


def batch_progress(batch: ImportBatch) -> int:
    """Rows processed so far: the running task reports through the cache, outside its own transaction."""
    if batch.is_running:
        return min(batch.total_rows, cache.get(_progress_key(batch.pk), batch.processed_rows))
    return batch.processed_rows


def _set_progress(batch_id: int, rows: int) -> None:
    cache.set(_progress_key(batch_id), rows, timeout=3600)


def _read(batch: ImportBatch, roster: Roster) -> list[importing.Row]:
    """The file's rows: as the check kept them, or read from the file (the check itself, an older batch)."""
    if batch.rows:
        return importing.rows_unpacked(bytes(batch.rows))
    return importing.read_rows(
        batch.filename, bytes(batch.content), roster.columns, max_rows=settings.JIEDAO_IMPORT_MAX_ROWS
    )


def _runs_in_background(rows: int) -> bool:
    return rows > settings.JIEDAO_IMPORT_BACKGROUND_ROWS


@transaction.atomic
def import_upload(*, user, roster_key: str, filename: str, content: bytes) -> ImportBatch:
    """Keep an uploaded file as a batch and have it checked (in the background when it is large)."""
    from governance.dataimport import tasks

    roster = roster_for(roster_key, user)
    if len(content) > settings.JIEDAO_IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; one import takes at most %(max)s. Split it into smaller files.")
            % {"size": filesizeformat(len(content)), "max": filesizeformat(settings.JIEDAO_IMPORT_MAX_BYTES)}
        )
    try:
        rows = importing.estimate_rows(filename, content)
        if rows > settings.JIEDAO_IMPORT_MAX_ROWS:  # perhaps only formatted rows: count the rows with values
            rows = sum(1 for _row in importing.raw_rows(filename, content)) - 1
    except ImportFileError as exc:
        raise ValidationError(exc.message) from None
    if rows > settings.JIEDAO_IMPORT_MAX_ROWS:
        raise ValidationError(
            _(
                "The file has more than %(max)s rows, more than one import may hold: split it into files "
                "of at most %(max)s rows."
            )
            % {"max": settings.JIEDAO_IMPORT_MAX_ROWS}
        )
    batch = ImportBatch.objects.create(
        roster=roster.key,
        user=user,
        filename=filename[:200],
        content=content,
        size=len(content),
        total_rows=max(rows, 0),
    )
    _set_progress(batch.pk, 0)
    if _runs_in_background(batch.total_rows):
        transaction.on_commit(lambda: tasks.import_check.delay(batch.pk))
    else:
        import_check(batch_id=batch.pk)
        batch.refresh_from_db()
    return batch


def import_check(*, batch_id: int) -> None:
    """Plan every row (new, changed, unchanged, refused with reasons) and keep the counts; writes no record."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != BatchStatus.CHECKING:
        return  # already checked (a task run twice)
    roster = importing.ROSTERS[batch.roster]
    try:
        rows = _read(batch, roster)
    except ImportFileError as exc:
        ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.CHECKING).update(
            status=BatchStatus.FAILED, error=exc.message, finished_at=timezone.now()
        )
        return
    outcomes = importing.plan(roster, batch.user, rows, progress=lambda n: _set_progress(batch.pk, n))
    counts = _counts(outcomes)
    ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.CHECKING).update(
        status=BatchStatus.CHECKED,
        rows=importing.rows_packed(rows),
        total_rows=len(rows),
        processed_rows=len(rows),
        report=_report(outcomes),
        **counts,
    )


def _counts(outcomes) -> dict:
    actions = [o.action for o in outcomes]
    return {
        "new_count": actions.count(NEW),
        "changed_count": actions.count(CHANGED),
        "unchanged_count": actions.count(UNCHANGED),
        "refused_count": actions.count(REFUSED),
    }


def _report(outcomes) -> dict:
    refused = [{"row": o.row.number, "reasons": o.reasons} for o in outcomes if o.action == REFUSED]
    changed = [{"row": o.row.number, "headers": o.changed} for o in outcomes if o.action == CHANGED]
    return {
        "refused": refused[:REPORT_ROWS],
        "changed": changed[:REPORT_ROWS],
        "reasons": _all_reasons(outcomes),
    }


def _all_reasons(outcomes) -> dict[str, list[str]]:
    """Every refused row's reasons by row number: what the error workbook writes beside the user's rows."""
    return {str(o.row.number): o.reasons for o in outcomes if o.action == REFUSED}


def import_confirm(*, user, batch: ImportBatch) -> ImportBatch:
    """Save the checked rows: at once for a small file, by a worker for a large one."""
    from governance.dataimport import tasks

    roster_for(batch.roster, user)
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.CHECKED).update(
            status=BatchStatus.IMPORTING, confirmed_at=timezone.now(), processed_rows=0
        )
        if not claimed:
            raise ValidationError(_("This import is not waiting for confirmation."))
        _set_progress(batch.pk, 0)  # the check's count would show the save as finished before it began
        if _runs_in_background(batch.total_rows):
            transaction.on_commit(lambda: tasks.import_apply.delay(batch.pk))
    if not _runs_in_background(batch.total_rows):
        import_apply(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def import_apply(*, batch_id: int) -> None:
    """Check every row again against today's data and save the good ones in one transaction, recording each."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != BatchStatus.IMPORTING:
        return
    roster = importing.ROSTERS[batch.roster]
    try:
        rows = _read(batch, roster)
        with transaction.atomic():
            _apply(batch, roster, rows)
    except Exception as exc:  # a failed import saves nothing and says so on its page
        if not isinstance(exc, ImportFileError):
            logger.exception("import %s failed", batch.pk)
        ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.IMPORTING).update(
            status=BatchStatus.FAILED,
            error=getattr(exc, "message", "")
            or _("The import stopped on an unexpected error; nothing was saved."),
            finished_at=timezone.now(),
        )


def _apply(batch: ImportBatch, roster: Roster, rows) -> None:
    """Plan and save the rows chunk by chunk inside the caller's one transaction, recording each saved record.

    A chunk is saved by the roster's bulk writes in a savepoint; if one of its rows breaks a rule the check
    could not see (another user registered the same ID number meanwhile), the savepoint is rolled back and
    that chunk is saved again row by row through the roster's service, so only the failing rows are refused.
    Any other error leaves the whole transaction, and so the whole import, unsaved.
    """
    locked = ImportBatch.objects.select_for_update().only("status").get(pk=batch.pk)
    if locked.status != BatchStatus.IMPORTING or locked.records.exists():
        return  # another run got here first
    user = batch.user
    ctx = importing.plan_context(roster, user, rows)
    seen: dict = {}
    content_type = ContentType.objects.get_for_model(roster.model)
    chunk_rows = max(1, settings.JIEDAO_IMPORT_CHUNK_ROWS)
    outcomes = []
    for start in range(0, len(rows), chunk_rows):
        chunk = [importing.plan_row(roster, user, row, ctx, seen) for row in rows[start : start + chunk_rows]]
        to_save = [o for o in chunk if o.action in (NEW, CHANGED)]
        # What a changed record looked like, taken before the save changes the object in place.
        befores = [roster.row_of(o.existing) if o.existing is not None else None for o in to_save]
        saved = _save_chunk(roster, user, to_save)
        ImportedRecord.objects.bulk_create(
            [
                ImportedRecord(
                    batch=batch,
                    content_type=content_type,
                    object_id=obj.pk,
                    row_number=outcome.row.number,
                    action=RecordAction.CREATED if before is None else RecordAction.CHANGED,
                    before=before,
                    fingerprint=importing.fingerprint(roster.row_of(obj)),
                )
                for outcome, before, obj in zip(to_save, befores, saved, strict=True)
                if obj is not None
            ]
        )
        outcomes.extend(chunk)
        _set_progress(batch.pk, len(outcomes))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE,
        processed_rows=len(rows),
        total_rows=len(rows),
        report=_report(outcomes),
        finished_at=timezone.now(),
        **_counts(outcomes),
    )


def _save_chunk(roster: Roster, user, outcomes: list) -> list:
    """The saved record for each outcome, or None where the row was refused on saving (then marked so)."""
    if not outcomes:
        return []
    try:
        with transaction.atomic():
            return roster.save_many(user=user, items=[(o.existing, o.fields) for o in outcomes])
    except ValidationError:
        pass
    saved = []
    for outcome in outcomes:
        try:
            with transaction.atomic():
                saved.append(roster.save(user=user, obj=outcome.existing, fields=outcome.fields))
        except ValidationError as exc:
            outcome.action, outcome.reasons = REFUSED, importing.messages_of(exc)
            saved.append(None)
    return saved


UNDO_PROBLEMS_SHOWN = 50


@transaction.atomic
def import_undo(*, user, batch: ImportBatch) -> ImportBatch:
    """Take back a whole import while none of its records has changed since; otherwise name those that did.

    Set-based: the records are loaded and compared with their fingerprints in bulk, the created ones are
    deleted and the changed ones restored by the roster's bulk writes, each with a history row by `user`.
    """
    roster = roster_for(batch.roster, user)
    batch = ImportBatch.objects.select_for_update().defer("content", "rows").get(pk=batch.pk)
    if batch.status != BatchStatus.DONE:
        raise ValidationError(_("Only a finished import can be undone."))
    records = list(batch.records.order_by("row_number"))
    objects = roster.records([r.object_id for r in records])
    problems = []
    for record in records:
        obj = objects.get(record.object_id)
        if obj is None:
            problems.append(
                _("Row %(row)s: the record was deleted since the import.") % {"row": record.row_number}
            )
        elif importing.fingerprint(roster.row_of(obj)) != record.fingerprint:
            problems.append(
                _("Row %(row)s (%(label)s) was changed since the import.")
                % {"row": record.row_number, "label": roster.label(obj)}
            )
        if len(problems) >= UNDO_PROBLEMS_SHOWN:
            break
    if problems:
        raise ValidationError(
            [_("Nothing was undone: the import's records must be as it left them.")] + problems
        )
    ctx = importing.plan_context(roster, user, [])
    # The last row first: a file names parents before their children, so children are removed first.
    created = [objects[r.object_id] for r in reversed(records) if r.action == RecordAction.CREATED]
    restored = [
        (objects[r.object_id], roster.parse(r.before, ctx, user)[1])
        for r in records
        if r.action == RecordAction.CHANGED
    ]
    try:
        # Created records go first: a restored value (a division code) may be one a created record holds.
        roster.delete_many(user=user, objs=created)
        for start in range(0, len(restored), settings.JIEDAO_IMPORT_CHUNK_ROWS):
            roster.save_many(user=user, items=restored[start : start + settings.JIEDAO_IMPORT_CHUNK_ROWS])
    except (ProtectedError, RestrictedError) as exc:
        holders = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        raise ValidationError(
            _("Nothing was undone: records of this import are used by other records since (%(used)s).")
            % {"used": "、".join(sorted({str(o) for o in list(holders)[:3]}))}
        ) from None
    batch.status, batch.undone_at, batch.undone_by = BatchStatus.UNDONE, timezone.now(), user
    batch.save(update_fields=["status", "undone_at", "undone_by"])
    return batch


def batch_error_workbook(*, batch: ImportBatch) -> bytes:
    """The uploaded rows with a column saying why each refused row was refused."""
    roster = importing.ROSTERS[batch.roster]
    content = bytes(batch.content)
    header = importing.headers_of(batch.filename, content)
    try:
        rows = _read(batch, roster)
    except ImportFileError:
        rows = []
    reasons = {int(k): v for k, v in (batch.report.get("reasons") or {}).items()}
    return importing.error_workbook(header, rows, reasons)
