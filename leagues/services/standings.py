"""Closing rounds and publishing standings: set-wise SQL, safe to run twice or at once.

Both jobs are one transaction each. ``close_round`` freezes every
registration's round score (its last race entered) with one INSERT ... SELECT
over a ROW_NUMBER window. ``publish_standings`` computes all four tiers of
every league and region with one INSERT ... SELECT over RANK / ROW_NUMBER /
COUNT windows into a new publication, then switches the published version:
readers see the old publication until the transaction commits.
"""

import datetime as dt
import logging

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from leagues import rules
from leagues.exceptions import RuleViolation
from leagues.models import Publication, Round, Season, SeasonStatus
from leagues.services.pages import changes_shared_pages, move_generation
from leagues.signals import standings_published

log = logging.getLogger(__name__)

# Memory for the sorts of the window functions, for these transactions only: at a
# million registrations the default 4MB sends every sort to temporary files.
WORK_MEM = "64MB"


def _use_work_mem(cursor) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT set_config('work_mem', %s, true)", [WORK_MEM])


CLOSE_ROUND_SQL = """
INSERT INTO leagues_roundscore (round_id, registration_id, result_id, points)
SELECT %(round)s, registration_id, id, points FROM (
    SELECT r.id, r.registration_id, r.points,
           ROW_NUMBER() OVER (
               PARTITION BY r.registration_id ORDER BY s.starts_at DESC, r.id DESC
           ) AS nth
    FROM leagues_raceresult r
    JOIN leagues_entryslot s ON s.id = r.slot_id
    WHERE s.round_id = %(round)s
) AS last_race
WHERE nth = 1
"""


@changes_shared_pages
def close_round(*, round: Round, now: dt.datetime | None = None) -> bool:
    """Close ``round``: freeze each driver's last race as its round score (False if closed)."""
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        if round.is_closed:
            return False
        with connection.cursor() as cursor:
            _use_work_mem(cursor)
            cursor.execute(CLOSE_ROUND_SQL, {"round": round.pk})
        round.status = Round.Status.CLOSED
        round.closed_at = now or timezone.now()
        round.save(update_fields=["status", "closed_at"])
    log.info("Closed %s of %s", round, round.season)
    return True


def rounds_due(*, now: dt.datetime) -> list[Round]:
    """Open rounds whose last slot started more than the season's grace period ago."""
    candidates = (
        Round.objects.filter(status=Round.Status.SCHEDULED)
        .select_related("season")
        .annotate(last_start=Max("slots__starts_at"))
        .filter(last_start__isnull=False)
    )
    return [
        r
        for r in candidates
        if r.last_start + dt.timedelta(minutes=r.season.close_grace_minutes) <= now
    ]


def _medal_sql(rank: str, size: str) -> str:
    """CASE expression of rules.MEDAL_PERCENTS: the ceil(p*N/100) bands in integer arithmetic."""
    whens = " ".join(
        f"WHEN {rank} <= ({percent} * {size} + 99) / 100 THEN '{medal}'"
        for medal, percent in rules.MEDAL_PERCENTS
    )
    return f"CASE {whens} ELSE '' END"


def _cutoff_sql(medal: str, size: str) -> str:
    percent = dict(rules.MEDAL_PERCENTS)[medal]
    return f"({percent} * {size} + 99) / 100"


# A ranking's window order (``rules.RANKING_ORDER``): RANK() shares places on it,
# ROW_NUMBER() breaks the ties for the display position.
RANK_ORDER_SQL = ", ".join(f"{field} DESC" for field in rules.RANKING_ORDER)
POSITION_ORDER_SQL = f"{RANK_ORDER_SQL}, {rules.POSITION_TIE_BREAK}"

# Each tier's scope: the column of an entry its rankings are partitioned by.
TIER_SCOPES = {
    "REGIONAL": "region",
    "DOMESTIC": "country_id",
    "MAIN_AREA": "main_code",
    "SECONDARY_AREA": "secondary_code",
}
assert tuple(TIER_SCOPES) == rules.TIERS
_TIERS_SQL = "\n    UNION ALL ".join(
    f"SELECT entries.*, '{tier}' AS tier, {column} AS scope FROM entries"
    for tier, column in TIER_SCOPES.items()
)

# Ranked are registrations with at least one frozen round score (a DNF counts as
# entered). Order: season total, all rounds, best round (ties share the RANK),
# then online id for the display position.
STANDINGS_CTES = f"""
WITH scores AS (
    SELECT rs.registration_id, rs.points,
           ROW_NUMBER() OVER (
               PARTITION BY rs.registration_id ORDER BY rs.points DESC, rd.number
           ) AS nth
    FROM leagues_roundscore rs
    JOIN leagues_round rd ON rd.id = rs.round_id
    WHERE rd.season_id = %(season)s AND rd.status = 'closed'
),
totals AS (
    SELECT registration_id,
           SUM(CASE WHEN nth <= %(best)s THEN points ELSE 0 END) AS season_points,
           SUM(points) AS all_points,
           MAX(points) AS best_round,
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
    {_TIERS_SQL}
),
ranked AS (
    SELECT tiers.*,
           RANK() OVER (
               PARTITION BY league, tier, scope
               ORDER BY {RANK_ORDER_SQL}
           ) AS rnk,
           ROW_NUMBER() OVER (
               PARTITION BY league, tier, scope
               ORDER BY {POSITION_ORDER_SQL}
           ) AS pos,
           COUNT(*) OVER (PARTITION BY league, tier, scope) AS n
    FROM tiers
)
"""

STANDING_INSERT = f"""
INSERT INTO leagues_standing (
    publication_id, registration_id, region, league, tier, scope, rank, position,
    season_points, all_points, best_round, rounds_counted, medal
)
SELECT %(publication)s, registration_id, region, league, tier, scope, rnk, pos,
       season_points, all_points, best_round, rounds_counted, {_medal_sql("rnk", "n")}
FROM ranked
"""

STANDINGS_SQL = STANDINGS_CTES + STANDING_INSERT


def _summary_insert(sizes: str) -> str:
    """The ranking summaries (size and medal cut-offs) of the rankings whose ``sizes``
    (region, league, tier, scope, n) a subquery gives."""
    return f"""
INSERT INTO leagues_rankingsummary (
    publication_id, region, league, tier, scope, ranked, gold_cutoff, silver_cutoff, bronze_cutoff
)
SELECT %(publication)s, region, league, tier, scope, n,
       {_cutoff_sql("GOLD", "n")}, {_cutoff_sql("SILVER", "n")}, {_cutoff_sql("BRONZE", "n")}
FROM ({sizes}) AS sizes
"""


def _round_rank_insert(source: str) -> str:
    """The rank chart's point for the latest round included: each regional rank in
    ``source`` (registration_id, league, scope, rank), kept after the publication itself
    is retired. A rank that did not move is not written again (a publication that
    repeats a round changes few)."""
    return f"""
INSERT INTO leagues_roundrank (registration_id, round_number, rank, ranked)
SELECT registration_id, %(round)s, rank, COUNT(*) OVER (PARTITION BY league, scope)
FROM {source}
WHERE true  -- SQLite reads ON CONFLICT after a bare FROM as a join's ON
ON CONFLICT (registration_id, round_number)
DO UPDATE SET rank = excluded.rank, ranked = excluded.ranked
WHERE leagues_roundrank.rank <> excluded.rank OR leagues_roundrank.ranked <> excluded.ranked
"""


SUMMARY_SQL = _summary_insert(
    """SELECT MIN(region) AS region, league, tier, scope, COUNT(*) AS n
    FROM leagues_standing WHERE publication_id = %(publication)s
    GROUP BY league, tier, scope"""
)
ROUND_RANK_SQL = _round_rank_insert(
    """(SELECT registration_id, league, scope, rank FROM leagues_standing
        WHERE publication_id = %(publication)s AND tier = 'REGIONAL') AS standing"""
)

# PostgreSQL: the summaries and the rank chart's point from the standings' own statement
# (data-modifying WITH queries), so the new rankings are computed once and never read
# back: the sizes are one grouping of the entries per tier, and the regional rank is the
# standings' own RANK() over the entries (the REGIONAL tier is the entries themselves).
_SIZES_OF_ENTRIES = f"""
    SELECT MIN(region) AS region, league,
           CASE {" ".join(f"WHEN GROUPING({c}) = 0 THEN '{t}'" for t, c in TIER_SCOPES.items())}
           END AS tier,
           COALESCE({", ".join(TIER_SCOPES.values())}) AS scope, COUNT(*) AS n
    FROM entries
    GROUP BY GROUPING SETS ({", ".join(f"(league, {c})" for c in TIER_SCOPES.values())})"""
_REGIONAL_RANKS_OF_ENTRIES = f"""(
    SELECT registration_id, league, region AS scope,
           RANK() OVER (PARTITION BY league, region ORDER BY {RANK_ORDER_SQL}) AS rank
    FROM entries) AS regional"""
PUBLISH_SQL_POSTGRESQL = f"""{STANDINGS_CTES},
summaries AS ({_summary_insert(_SIZES_OF_ENTRIES)}),
round_ranks AS ({_round_rank_insert(_REGIONAL_RANKS_OF_ENTRIES)})
{STANDING_INSERT}"""


def published_cache_key(season_id: int) -> str:
    return f"standings:published:{season_id}"


def publish_standings(*, season: Season, final: bool = False) -> Publication:
    """Recompute every ranking of ``season`` and make it the published one.

    The season row is locked for the whole computation, so two runs at once
    queue up and each leaves exactly one published publication.
    """
    with transaction.atomic():
        season = Season.objects.select_for_update().get(pk=season.pk)
        if season.status == SeasonStatus.CLOSED:
            raise RuleViolation(f"The {season} is closed; its final standings are frozen.")
        previous = season.publications.filter(status=Publication.Status.PUBLISHED).first()
        last_version = season.publications.aggregate(v=Max("version"))["v"] or 0
        publication = Publication.objects.create(
            season=season,
            version=last_version + 1,
            rounds_included=list(
                season.rounds.filter(status=Round.Status.CLOSED)
                .order_by("number")
                .values_list("number", flat=True)
            ),
            is_final=final,
        )
        with connection.cursor() as cursor:
            _use_work_mem(cursor)
            params = {
                "season": season.pk,
                "best": season.best_rounds,
                "publication": publication.pk,
                "round": (publication.rounds_included or [None])[-1],
            }
            if connection.vendor == "postgresql":
                cursor.execute(PUBLISH_SQL_POSTGRESQL, params)
            else:
                cursor.execute(STANDINGS_SQL, params)
                cursor.execute(SUMMARY_SQL, params)
                if publication.rounds_included:
                    cursor.execute(ROUND_RANK_SQL, params)
            if connection.vendor == "postgresql":
                # Fresh statistics before the switch: a new publication id is outside the
                # old histogram, and the planner would scan it whole for a single driver.
                cursor.execute("ANALYZE leagues_standing")
        if previous is not None:
            previous.status = Publication.Status.SUPERSEDED
            previous.save(update_fields=["status"])
        publication.status = Publication.Status.PUBLISHED
        publication.published_at = timezone.now()
        publication.save(update_fields=["status", "published_at"])
        move_generation()  # the shared pages show the switch once it commits, not before
        transaction.on_commit(lambda: cache.delete(published_cache_key(season.pk)))
        transaction.on_commit(
            lambda: standings_published.send(sender=Publication, publication=publication)
        )
        replaced = previous.version if previous is not None else publication.version
        transaction.on_commit(
            lambda: retire_publications(season=season, older_than=replaced), robust=True
        )
    log.info("Published %s (rounds %s)", publication, publication.rounds_included)
    return publication


def publish_unless_published(*, round: Round, closed: bool) -> Publication | None:
    """Publish ``round``'s season unless the call did not close the round (``closed``) and
    the published standings include it already (None then): the close job's publication,
    made once however often it runs.

    Decided under the season's lock, which a publication holds until it commits: a
    close delivered again while the first delivery still publishes (a job outliving
    the broker's visibility timeout) waits for it, then finds it and publishes nothing.
    """
    with transaction.atomic():
        season = Season.objects.select_for_update().get(pk=round.season_id)
        published = season.publications.filter(status=Publication.Status.PUBLISHED).first()
        if not closed and published is not None and round.number in published.rounds_included:
            return None
        return publish_standings(season=season)


def retire_publications(*, season: Season, older_than: int) -> None:
    """Drop the season's superseded publications older than version ``older_than`` (the one
    a publication replaced): they are never shown. Run once the switch has committed, so
    the season's lock is not held while millions of rows are deleted; a run that is lost
    is made up by the next publication's."""
    old = season.publications.filter(
        status=Publication.Status.SUPERSEDED, is_final=False, version__lt=older_than
    )
    for publication in old:
        publication.delete()
