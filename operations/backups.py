"""Backups and restores: a consistent PostgreSQL dump, the uploaded files and a manifest.

``write_backup`` opens one REPEATABLE READ transaction, exports its snapshot
and has ``pg_dump`` read that same snapshot, so the manifest's row counts and
ledger checksums describe exactly the rows in the dump, whatever the site is
doing meanwhile (a payout run writing the ledger, a publication).
``restore_backup`` checks the files against the manifest before it touches
anything, refuses a database that has tables unless told to replace it,
restores in one transaction and checks the counts and checksums again.
"""

import datetime as dt
import hashlib
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files.tar.gz"
FORMAT = 1

# The money tables, each row as one line of text: the checksum covers every column that
# says who was paid what (md5 of the lines in id order).
LEDGERS = {
    "leagues_rewardpayout": (
        "id, season_id, run_id, registration_id, league, tier, scope, medal, credits"
    ),
    "live_events_predictionreward": "id, prediction_id, user_id, credits",
}


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what was changed."""


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    files: int


def _database() -> dict:
    params = connection.settings_dict
    if params["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            "Backups need PostgreSQL (DATABASE_URL=postgres://…); with SQLite, copy "
            f"{params['NAME']} while the site is stopped."
        )
    return params


def _libpq_env(params: dict) -> dict:
    env = {**os.environ, "PGDATABASE": params["NAME"]}
    for key, value in (
        ("PGHOST", params.get("HOST")),
        ("PGPORT", params.get("PORT")),
        ("PGUSER", params.get("USER")),
        ("PGPASSWORD", params.get("PASSWORD")),
    ):
        if value:
            env[key] = str(value)
    return env


def _connect(params: dict) -> psycopg.Connection:
    return psycopg.connect(
        dbname=params["NAME"],
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [name for (name,) in cursor.fetchall()]


def _census(cursor) -> dict:
    """Row counts of every table and the ledgers' totals and checksums, in one snapshot."""
    tables = _tables(cursor)
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    ledgers = {}
    for table, columns in LEDGERS.items():
        if table not in counts:
            continue
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(SUM(credits), 0), "
            f"md5(COALESCE(string_agg(concat_ws(',', {columns}), E'\\n' ORDER BY id), '')) "
            f'FROM "{table}"'
        )
        rows, credits, checksum = cursor.fetchone()
        ledgers[table] = {"rows": rows, "credits": int(credits), "md5": checksum}
    return {"row_counts": counts, "ledgers": ledgers}


def default_folder(now: dt.datetime | None = None) -> Path:
    stamp = (now or timezone.now()).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.VAR_DIR) / "backups" / stamp


def write_backup(*, folder: Path) -> dict:
    """Write the dump, the uploaded files and the manifest into ``folder``; return the manifest."""
    params = _database()
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty; choose a new folder for the backup.")
    folder.mkdir(parents=True, exist_ok=True)
    with _connect(params) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), now(), current_setting('server_version')")
            row = cursor.fetchone()
            assert row is not None  # a SELECT without FROM returns one row
            snapshot, taken_at, server_version = row
            census = _census(cursor)
            result = subprocess.run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={folder / DUMP}"],
                env=_libpq_env(params),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    media = Path(settings.MEDIA_ROOT)
    files = 0
    with tarfile.open(folder / FILES, "w:gz") as archive:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media)))
                    files += 1
    manifest = {
        "format": FORMAT,
        "taken_at": taken_at.astimezone(dt.UTC).isoformat(),
        "database": params["NAME"],
        "server_version": server_version,
        "files": {
            DUMP: _sha256(folder / DUMP),
            FILES: _sha256(folder / FILES),
        },
        "uploaded_files": files,
        **census,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def read_manifest(folder: Path) -> dict:
    """The manifest of a backup whose files are exactly the ones it lists, else BackupError."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError as missing:
        raise BackupError(f"{folder} has no {MANIFEST}: it is not a backup.") from missing
    except (ValueError, OSError) as error:
        raise BackupError(f"{folder / MANIFEST} cannot be read: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{folder / MANIFEST} is not a manifest of format {FORMAT}.")
    for name in (DUMP, FILES):
        expected = manifest.get("files", {}).get(name)
        path = folder / name
        if not path.is_file():
            raise BackupError(f"The backup does not verify: {name} is missing.")
        if _sha256(path) != expected:
            raise BackupError(
                f"The backup does not verify: {name} is not the file the manifest describes."
            )
    return manifest


def _differences(expected: dict, found: dict) -> list[str]:
    problems = []
    for table, rows in sorted(expected["row_counts"].items()):
        if found["row_counts"].get(table) != rows:
            problems.append(f"{table}: {found['row_counts'].get(table)} rows, expected {rows}")
    for table, ledger in sorted(expected["ledgers"].items()):
        if found["ledgers"].get(table) != ledger:
            problems.append(f"{table}: ledger {found['ledgers'].get(table)}, expected {ledger}")
    return problems


def restore_backup(*, folder: Path, replace: bool = False) -> Restored:
    """Restore ``folder`` into the configured database and check it against the manifest."""
    manifest = read_manifest(folder)
    params = _database()
    connection.close()
    with _connect(params) as conn, conn.cursor() as cursor:
        tables = _tables(cursor)
    if tables and not replace:
        raise BackupError(
            f"The database {params['NAME']} already has {len(tables)} tables; nothing was "
            "restored. Restore into an empty database, or pass --replace to overwrite it."
        )
    command = ["pg_restore", "--single-transaction", "--exit-on-error", "--no-owner"]
    if replace:
        command += ["--clean", "--if-exists"]
    result = subprocess.run(
        [*command, f"--dbname={params['NAME']}", str(folder / DUMP)],
        env=_libpq_env(params),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(
            f"pg_restore failed, nothing was restored: {result.stderr.strip()[:2000]}"
        )
    with _connect(params) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction(), conn.cursor() as cursor:
            found = _census(cursor)
    problems = _differences(manifest, found)
    if problems:
        raise BackupError(
            "The restored database does not match the manifest: " + "; ".join(problems)
        )
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / FILES, "r:gz") as archive:
        members = [member for member in archive.getmembers() if member.isfile()]
        archive.extractall(media, members=members, filter="data")
    return Restored(
        tables=len(found["row_counts"]),
        rows=sum(found["row_counts"].values()),
        files=len(members),
    )
