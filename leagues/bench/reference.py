"""The yardstick: closing the rounds and publishing the standings as one hand-made statement.

It reads the race results directly (each registration's last race per round,
its best N rounds, four tiers ranked with RANK / ROW_NUMBER / COUNT windows)
and inserts every standing row into ``bench_reference_standing``, a copy of
``leagues_standing`` with the same columns, checks and indexes (no foreign
keys). What the site does through its jobs is compared with this.
"""

from django.db import connection, transaction

from leagues.services.standings import POSITION_ORDER_SQL, RANK_ORDER_SQL, _medal_sql

TABLE = "bench_reference_standing"

REFERENCE_SQL = f"""
INSERT INTO {TABLE} (
    publication_id, registration_id, region, league, tier, scope, rank, position,
    season_points, all_points, best_round, rounds_counted, medal
)
WITH last_race AS (
    SELECT r.registration_id, rd.number, r.points,
           ROW_NUMBER() OVER (
               PARTITION BY r.registration_id, s.round_id ORDER BY s.starts_at DESC, r.id DESC
           ) AS latest
    FROM leagues_raceresult r
    JOIN leagues_entryslot s ON s.id = r.slot_id
    JOIN leagues_round rd ON rd.id = s.round_id
    WHERE rd.season_id = %(season)s
),
scores AS (
    SELECT registration_id, points,
           ROW_NUMBER() OVER (PARTITION BY registration_id ORDER BY points DESC, number) AS nth
    FROM last_race WHERE latest = 1
),
totals AS (
    SELECT registration_id,
           SUM(CASE WHEN nth <= %(best)s THEN points ELSE 0 END) AS season_points,
           SUM(points) AS all_points, MAX(points) AS best_round,
           SUM(CASE WHEN nth <= %(best)s THEN 1 ELSE 0 END) AS rounds_counted
    FROM scores GROUP BY registration_id
),
entries AS (
    SELECT t.*, g.region, g.league, g.country_id, ma.code AS main_code,
           sa.code AS secondary_code, d.online_id
    FROM totals t
    JOIN leagues_registration g ON g.id = t.registration_id
    JOIN leagues_driver d ON d.id = g.driver_id
    JOIN leagues_mainarea ma ON ma.id = g.main_area_id
    JOIN leagues_secondaryarea sa ON sa.id = g.secondary_area_id
),
tiers AS (
    SELECT entries.*, 'REGIONAL' AS tier, region AS scope FROM entries
    UNION ALL SELECT entries.*, 'DOMESTIC', country_id FROM entries
    UNION ALL SELECT entries.*, 'MAIN_AREA', main_code FROM entries
    UNION ALL SELECT entries.*, 'SECONDARY_AREA', secondary_code FROM entries
),
ranked AS (
    SELECT tiers.*,
           RANK() OVER w AS rnk,
           ROW_NUMBER() OVER (
               PARTITION BY league, tier, scope
               ORDER BY {POSITION_ORDER_SQL}
           ) AS pos,
           COUNT(*) OVER (PARTITION BY league, tier, scope) AS n
    FROM tiers
    WINDOW w AS (
        PARTITION BY league, tier, scope
        ORDER BY {RANK_ORDER_SQL}
    )
)
SELECT 0, registration_id, region, league, tier, scope, rnk, pos,
       season_points, all_points, best_round, rounds_counted, {_medal_sql("rnk", "n")}
FROM ranked
"""

CHECKSUM_SQL = """
SELECT COUNT(*), SUM(rank::bigint * position), SUM(season_points::bigint * position),
       SUM(registration_id::bigint * position), COUNT(*) FILTER (WHERE medal <> '')
FROM {table} WHERE publication_id = %s
"""


def prepare() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"CREATE TABLE {TABLE} (LIKE leagues_standing INCLUDING ALL)")


def run_reference(*, season_id: int, best: int, work_mem: str | None = None) -> None:
    """The whole computation in one INSERT ... SELECT, in its own transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")
        if work_mem:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])
        cursor.execute(REFERENCE_SQL, {"season": season_id, "best": best})


def checksum(*, publication_id: int | None = None) -> tuple:
    """Row count and position-weighted sums: equal for the reference and a publication."""
    table, key = (TABLE, 0) if publication_id is None else ("leagues_standing", publication_id)
    with connection.cursor() as cursor:
        cursor.execute(CHECKSUM_SQL.format(table=table), [key])
        return tuple(int(value or 0) for value in cursor.fetchone())


def drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
