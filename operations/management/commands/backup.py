from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, default_folder, write_backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup: a pg_dump (custom format) of the database, the uploaded "
        "files, and a manifest of row counts and ledger checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="an empty or new folder (default var/backups/<time>)"
        )

    def handle(self, *args, output: Path | None = None, **options):
        folder = output or default_folder()
        try:
            manifest = write_backup(folder=folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["row_counts"].values())
        ledger = manifest["ledgers"].get("leagues_rewardpayout", {})
        self.stdout.write(
            f"Backup of {manifest['database']} at {manifest['taken_at']} in {folder}: "
            f"{len(manifest['row_counts'])} tables, {rows} rows, "
            f"{manifest['uploaded_files']} uploaded files, "
            f"ledger {ledger.get('rows', 0)} payouts of {ledger.get('credits', 0)} credits "
            f"(md5 {ledger.get('md5', '-')})."
        )
