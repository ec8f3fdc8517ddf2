from django.core.management.base import CommandError

from leagues import csvfiles
from leagues.management.csvcommands import ExportCommand
from leagues.selectors.standings import published_publication, season_standing_rows


class Command(ExportCommand):
    help = "Write every published ranking of a season as standings.csv to standard output."
    header = csvfiles.STANDINGS

    def rows(self, season):
        publication = published_publication(season)
        if publication is None:
            raise CommandError(f"No standings of the {season} have been published yet.")
        return season_standing_rows(publication=publication)
