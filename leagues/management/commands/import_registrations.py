from leagues.management.csvcommands import ImportCommand
from leagues.services.registrations import import_registrations


class Command(ImportCommand):
    help = "Import a registrations.csv file (all rows or none)."

    def import_text(self, text, *, dry_run):
        return import_registrations(text, dry_run=dry_run)
