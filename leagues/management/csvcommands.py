"""What every ``import_*`` and ``export_*`` command shares: parse args, call one function."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leagues import csvfiles
from leagues.exceptions import RuleViolation
from leagues.models import Season
from leagues.selectors.seasons import season_by_label


class ImportCommand(BaseCommand):
    """Import one file; any bad row rejects the whole file with a non-zero exit."""

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file to import ('-' for standard input)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report, write nothing."
        )

    def import_text(self, text: csvfiles.Source, *, dry_run: bool) -> csvfiles.ImportReport:
        raise NotImplementedError

    def handle(self, *args, file: str, dry_run: bool, **options):
        try:
            if file == "-":
                text = sys.stdin.read(settings.IMPORT_MAX_BYTES + 1)
                csvfiles.check_size(len(text.encode("utf-8", "surrogateescape")))
                report = self.import_text(text, dry_run=dry_run)
            else:
                with open(file, "rb") as handle:  # read line by line as it is imported
                    csvfiles.check_size(os.fstat(handle.fileno()).st_size)
                    report = self.import_text(csvfiles.file_lines(handle), dry_run=dry_run)
        except (OSError, UnicodeDecodeError, csvfiles.HeaderError, RuleViolation) as error:
            raise CommandError(getattr(error, "message", None) or str(error)) from error
        for note in report.notes:
            self.stdout.write(note)
        if not report.ok:
            for line in report.errors:
                self.stderr.write(line)
            if report.unlisted_errors:
                self.stderr.write(f"... and {report.unlisted_errors:,} more problem(s).")
            raise CommandError(report.summary())
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))


class ExportCommand(BaseCommand):
    """Write one season's file to standard output."""

    header: list[str]

    def add_arguments(self, parser):
        parser.add_argument("--season", required=True, help="Season label: 2024 or 2024-exhibition")

    def rows(self, season: Season):
        raise NotImplementedError

    def handle(self, *args, season: str, **options):
        try:
            found = season_by_label(season)
        except Season.DoesNotExist as error:
            raise CommandError(str(error)) from error
        for line in csvfiles.csv_lines(self.header, self.rows(found)):
            self.stdout.write(line, ending="")
