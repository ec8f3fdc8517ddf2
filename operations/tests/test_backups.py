"""Backups and restores. The refusals run everywhere; the drill needs PostgreSQL."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from operations import backups

pytestmark = pytest.mark.django_db


def fake_backup(folder, *, dump=b"dump", files=b"files"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / backups.DUMP).write_bytes(dump)
    (folder / backups.FILES).write_bytes(files)
    manifest = {
        "format": backups.FORMAT,
        "files": {
            backups.DUMP: backups._sha256(folder / backups.DUMP),
            backups.FILES: backups._sha256(folder / backups.FILES),
        },
        "row_counts": {},
        "ledgers": {},
    }
    (folder / backups.MANIFEST).write_text(json.dumps(manifest))
    return folder


def test_a_backup_whose_dump_was_changed_does_not_verify_and_is_refused(tmp_path):
    folder = fake_backup(tmp_path / "b")
    (folder / backups.DUMP).write_bytes(b"tampered")
    with pytest.raises(CommandError, match="does not verify: database.dump is not the file"):
        call_command("restore", str(folder))


def test_a_backup_missing_its_files_archive_is_refused(tmp_path):
    folder = fake_backup(tmp_path / "b")
    (folder / backups.FILES).unlink()
    with pytest.raises(CommandError, match="files.tar.gz is missing"):
        call_command("restore", str(folder))


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="has no manifest.json"):
        call_command("restore", str(tmp_path))


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite refusal")
def test_backups_on_sqlite_are_refused_with_what_to_do_instead(tmp_path):
    with pytest.raises(CommandError, match="Backups need PostgreSQL"):
        call_command("backup", "--output", str(tmp_path / "b"))
    assert not (tmp_path / "b").exists()
