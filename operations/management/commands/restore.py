from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into the configured database, "
        "then check every row count and ledger checksum against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="the backup's folder")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database that already has tables (default: refuse)",
        )

    def handle(self, *args, folder: Path, replace: bool = False, **options):
        try:
            restored = restore_backup(folder=folder, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {folder}: {restored.tables} tables, {restored.rows} rows and "
            f"{restored.files} uploaded files, all as the manifest says."
        )
