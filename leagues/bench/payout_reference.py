"""The payouts' yardstick: the whole season's ledger as one hand-made INSERT ... SELECT.

It writes the same award query (``selectors.payouts.awards_sql``) into
``bench_reference_payout``, a copy of the ledger with the same columns,
checks, unique key and indexes, and the same foreign keys (deferred, checked
at the commit, as Django's are), for the same run. What the payout job does
through its workers, in batches, is compared with this.
"""

from django.db import connection, transaction

from leagues.models import PayoutRun
from leagues.selectors import payouts as selectors
from leagues.services.payouts import INSERT_LEDGER

TABLE = "bench_reference_payout"
FOREIGN_KEYS = {
    "season_id": "leagues_season",
    "run_id": "leagues_payoutrun",
    "registration_id": "leagues_registration",
}


def prepare() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"CREATE TABLE {TABLE} (LIKE leagues_rewardpayout INCLUDING ALL)")
        for column, target in FOREIGN_KEYS.items():
            cursor.execute(
                f"ALTER TABLE {TABLE} ADD FOREIGN KEY ({column}) REFERENCES {target} (id) "
                "DEFERRABLE INITIALLY DEFERRED"
            )


def run_reference(*, run: PayoutRun) -> int:
    """The run's every award in one statement and its own transaction; the rows written."""
    sql = selectors.awards_sql(
        insert=INSERT_LEDGER.replace("leagues_rewardpayout", TABLE),
        select="%s, %s, s.registration_id, s.league, s.tier, s.scope, s.medal, r.credits, now()",
    )
    params = [*selectors.cell_params(selectors.run_cells(run)), run.season_id, run.pk]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")
        with transaction.atomic():
            cursor.execute(sql, [*params, run.publication_id])
            return cursor.rowcount


def drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
