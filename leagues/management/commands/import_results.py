from leagues.management.csvcommands import ImportCommand
from leagues.services.results import import_results


class Command(ImportCommand):
    help = "Import a results.csv file (all lobbies or none; a re-imported lobby is replaced)."

    def import_text(self, text, *, dry_run):
        return import_results(text, dry_run=dry_run)
