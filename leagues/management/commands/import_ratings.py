from leagues.management.csvcommands import ImportCommand
from leagues.services.ratings import import_ratings


class Command(ImportCommand):
    help = "Import a ratings.csv file from the game's ratings feed (all rows or none)."

    def import_text(self, text, *, dry_run):
        return import_ratings(text, dry_run=dry_run)
