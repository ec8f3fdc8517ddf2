from leagues import csvfiles
from leagues.management.csvcommands import ExportCommand
from leagues.selectors.exports import result_rows


class Command(ExportCommand):
    help = "Write every result of a season as results.csv to standard output."
    header = csvfiles.RESULTS

    def rows(self, season):
        return result_rows(season=season)
