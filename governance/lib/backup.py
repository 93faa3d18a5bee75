"""Backup and restore of a PostgreSQL installation: `pg_dump` (custom format) plus the uploaded files.

A backup is a folder `jiedao-YYYYmmdd-HHMMSS/` holding `database.dump`, `media.tar.gz` and `manifest.json`
(when, from which database, each table's row count and checksum, each file's SHA-256). It is written under a
`.partial` name and renamed when complete, so a folder without that suffix is always whole. Restoring checks
the files against the manifest first and the tables against it afterwards.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import connections

PREFIX = "jiedao-"
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar.gz"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Target:
    """Where a PostgreSQL database is, as libpq wants it (the password goes in the environment only)."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, db: dict) -> "Target":
        if not db["ENGINE"].endswith("postgresql"):
            raise BackupError("backup and restore need PostgreSQL (DATABASE_URL=postgres://...)")
        return cls(
            name=db["NAME"],
            host=db.get("HOST") or "",
            port=str(db.get("PORT") or ""),
            user=db.get("USER") or "",
            password=db.get("PASSWORD") or "",
        )

    def args(self) -> list[str]:
        args = [f"--dbname={self.name}"]
        for flag, value in (("--host", self.host), ("--port", self.port), ("--username", self.user)):
            if value:
                args.append(f"{flag}={value}")
        return args

    def env(self) -> dict:
        return {**os.environ, "PGPASSWORD": self.password} if self.password else dict(os.environ)

    def connect(self):
        import psycopg2

        return psycopg2.connect(
            dbname=self.name,
            host=self.host or None,
            port=self.port or None,
            user=self.user or None,
            password=self.password or None,
        )


def table_fingerprints(cursor) -> dict[str, list]:
    """Each table of the public schema: [row count, MD5 of its rows in a stable order]."""
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
    tables = [row[0] for row in cursor.fetchall()]
    result = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quoted} t"
        )
        count, digest = cursor.fetchone()
        result[table] = [count, digest]
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _run(cmd: list[str], env: dict) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def backup_create(
    *, directory: Path, media_root: Path, keep: int, using: str = "default", now: datetime
) -> Path:
    """Write one complete backup under `directory`, then keep only the newest `keep` backups there."""
    target = Target.from_settings(connections[using].settings_dict)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{PREFIX}{now:%Y%m%d-%H%M%S}"
    if final.exists():
        raise BackupError(f"{final} already exists")
    partial = final.with_name(final.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    # The fingerprints and the dump read one and the same snapshot, so they agree even while people work.
    conn = target.connect()
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            fingerprints = table_fingerprints(cursor)
            dump = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            _run([*dump, f"--file={partial / DUMP}", *target.args()], target.env())
        conn.rollback()
    finally:
        conn.close()
    with tarfile.open(partial / MEDIA, "w:gz") as tar:
        if media_root.exists():
            tar.add(media_root, arcname="media")
    manifest = {
        "created_at": now.isoformat(),
        "database": target.name,
        "tables": fingerprints,
        "files": {name: _sha256(partial / name) for name in (DUMP, MEDIA)},
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    partial.rename(final)
    backups_prune(directory=directory, keep=keep)
    return final


def backups_list(directory: Path) -> list[Path]:
    """The complete backups under `directory`, oldest first."""
    if not directory.exists():
        return []
    return sorted(
        p
        for p in directory.iterdir()
        if p.is_dir() and p.name.startswith(PREFIX) and not p.name.endswith(".partial")
    )


def backups_prune(*, directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` complete backups; returns the deleted ones."""
    backups = backups_list(directory)
    doomed = backups[:-keep] if keep > 0 else []
    for path in doomed:
        shutil.rmtree(path)
    return doomed


def backup_verify(source: Path) -> dict:
    """Read and check a backup's manifest against its files; returns the manifest."""
    manifest_path = source / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{source} has no {MANIFEST}: not a complete backup")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name, expected in manifest["files"].items():
        if _sha256(source / name) != expected:
            raise BackupError(f"{source / name} does not match its checksum: the backup is damaged")
    return manifest


def backup_restore(*, source: Path, target: Target, media_root: Path) -> dict[str, tuple]:
    """Restore a backup into `target` (its tables are replaced) and `media_root`.

    Returns the tables whose row count or checksum differ from the manifest (empty when all match).
    """
    manifest = backup_verify(source)
    restore = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error"]
    _run([*restore, "--single-transaction", *target.args(), str(source / DUMP)], target.env())
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.name == "media" or m.name.startswith("media/")]
        for member in members:
            member.name = member.name[len("media/") :] if member.name != "media" else "."
        tar.extractall(media_root, members=members, filter="data")
    conn = target.connect()
    try:
        with conn.cursor() as cursor:
            restored = table_fingerprints(cursor)
    finally:
        conn.close()
    expected = manifest["tables"]
    return {
        table: (tuple(expected.get(table) or ()), tuple(restored.get(table) or ()))
        for table in sorted(set(expected) | set(restored))
        if list(expected.get(table) or []) != list(restored.get(table) or [])
    }
