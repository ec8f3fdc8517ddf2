from django.core.management.base import CommandError

from leagues import csvfiles
from leagues.management.csvcommands import ExportCommand
from leagues.selectors.payouts import ledger_rows, payout_run
from leagues.services.audit import record_action


class Command(ExportCommand):
    help = "Write a season's payout ledger as payouts.csv to standard output."
    header = csvfiles.PAYOUTS

    def rows(self, season):
        if payout_run(season=season) is None:
            raise CommandError(f"The {season} has not been paid yet.")
        record_action(user=None, action="export payouts", detail=f"{season.label} (command)")
        return ledger_rows(season=season)
