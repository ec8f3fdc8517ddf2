from leagues import csvfiles
from leagues.management.csvcommands import ExportCommand
from leagues.selectors.exports import registration_rows


class Command(ExportCommand):
    help = "Write a season's registrations.csv to standard output."
    header = csvfiles.REGISTRATIONS

    def rows(self, season):
        return registration_rows(season=season)
