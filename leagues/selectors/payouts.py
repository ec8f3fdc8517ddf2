"""Reads of the end-of-season payouts: the reward table, the awards, the preview, the ledger.

The awards are one SQL query: the final publication's medalled standings
joined with the season's credit cells. The preview groups it, the payout run
inserts it into the ledger, so the preview's totals are the ledger's totals.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When

from leagues import roles, rules
from leagues.models import PayoutRun, Publication, Registration, RewardPayout, Season, SeasonStatus

PAYOUT_GROUP = roles.PAYOUT_STAFF
LARGEST_SHOWN = 10
CHUNK = 5000


def can_run_payouts(user) -> bool:
    """Only holders of ``leagues.run_payouts`` (the Payout staff role) preview, start and
    export payouts. The permission must be granted: a superuser is not a payer by default
    (``has_perm`` would say yes to any superuser), so money stays apart from administration."""
    if not (user.is_authenticated and user.is_active):
        return False
    granted = Q(user=user) | Q(group__user=user)
    return Permission.objects.filter(
        granted, content_type__app_label="leagues", codename="run_payouts"
    ).exists()


def reward_table(season: Season) -> dict[str, dict[str, int]]:
    """The season's credits per tier and medal (GT2/GT3); missing cells are the defaults
    (none for an exhibition season)."""
    table = rules.default_reward_table(exhibition=season.is_exhibition)
    for tier, medal, credits in season.reward_rates.values_list("tier", "medal", "credits"):
        table[tier][medal] = credits
    return table


def credit_cells(table: dict[str, dict[str, int]], multiplier: int) -> list[tuple]:
    """Every (league, tier, medal, credits) cell, the GT1 multiplier applied by the rulebook."""
    return [
        (league, tier, medal, rules.reward_credits(table, multiplier, league, tier, medal))
        for league in rules.LEAGUES
        for tier in rules.TIERS
        for medal in rules.MEDALS
    ]


def season_cells(season: Season) -> list[tuple]:
    return credit_cells(reward_table(season), season.gt1_multiplier)


def run_cells(run: PayoutRun) -> list[tuple]:
    """The credit cells a run was confirmed on (its pinned reward table)."""
    return [tuple(cell) for cell in run.rates]


def cells_digest(cells: list[tuple]) -> str:
    """A short fingerprint of a reward table's cells: what the confirm form carries."""
    encoded = json.dumps([list(cell) for cell in cells], separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()[:16]


def final_publication(season: Season) -> Publication | None:
    """The frozen standings a season's payouts are computed from."""
    return season.publications.filter(status=Publication.Status.PUBLISHED, is_final=True).first()


def payout_refusal(season: Season) -> str | None:
    """Why ``season`` cannot be paid now, or None when it can."""
    if season.status != SeasonStatus.CLOSED:
        return (
            f"The {season} is not closed yet: payouts happen once, after every round is "
            "closed and the final standings are published."
        )
    if final_publication(season) is None:
        return f"The {season} has no published final standings to pay from."
    if season.is_exhibition and not any(credits for *_, credits in season_cells(season)):
        return (
            f"The {season} is an exhibition season without a reward table of its own: "
            "it pays nothing. Give it a reward table first if it should pay."
        )
    return None


CELLS = len(rules.LEAGUES) * len(rules.TIERS) * len(rules.MEDALS)


def awards_sql(
    *, select: str, insert: str = "", joins: str = "", where: str = "", tail: str = ""
) -> str:
    """The award query: one row per medalled standing of a publication, with its credits.

    ``rates`` is the season's credit cells as a VALUES list; its parameters
    come first, then those of ``select``, then the publication, then ``where``'s.
    """
    values = ", ".join(["(%s, %s, %s, CAST(%s AS BIGINT))"] * CELLS)
    return f"""
WITH rates (league, tier, medal, credits) AS (VALUES {values})
{insert}
SELECT {select}
FROM leagues_standing s
JOIN rates r ON r.league = s.league AND r.tier = s.tier AND r.medal = s.medal
{joins}
WHERE s.publication_id = %s AND s.medal <> '' {where}
{tail}"""


def cell_params(cells: list[tuple]) -> list:
    return [value for cell in cells for value in cell]


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def award_totals(*, publication: Publication, cells: list[tuple]) -> tuple[int, int]:
    """How many awards a publication earns and their credits."""
    sql = awards_sql(select="COUNT(*), COALESCE(SUM(r.credits), 0)")
    ((awards, credits),) = _fetch(sql, [*cell_params(cells), publication.pk])
    return int(awards), int(credits)


def batch_ends(*, publication_id: int, batch_size: int) -> list[int]:
    """The last registration id of each run of ``batch_size`` awards of a publication, in
    registration order: numbered once by a window, cut by integer division, set-wise."""
    return [
        upto
        for (upto,) in _fetch(
            "SELECT MAX(registration_id) FROM ("
            "  SELECT registration_id,"
            "         (ROW_NUMBER() OVER (ORDER BY registration_id) - 1) / %s AS batch"
            "  FROM leagues_standing WHERE publication_id = %s AND medal <> ''"
            ") numbered GROUP BY batch ORDER BY 1",
            [batch_size, publication_id],
        )
    ]


def payout_batches(*, run: PayoutRun, batch_size: int) -> list[tuple[int, int]]:
    """A run's batches of ~``batch_size`` awards: registration-id ranges ``(after, upto]``
    covering every award of its pinned publication once (``rules.plan_batches``)."""
    if batch_size < 1:
        raise ValueError(f"A payout batch holds at least one award, not {batch_size}.")
    return rules.plan_batches(batch_ends(publication_id=run.publication_id, batch_size=batch_size))


@dataclass(frozen=True)
class PreviewLine:
    region: str
    league: str
    tier: str
    medal: str
    awards: int
    credits: int


@dataclass(frozen=True)
class LargestAward:
    """A driver's awards of the season added up."""

    online_id: str
    display_name: str
    region: str
    league: str
    awards: int
    credits: int


@dataclass(frozen=True)
class Subtotal:
    key: str
    awards: int
    credits: int


@dataclass(frozen=True)
class PayoutPreview:
    """What paying a season writes: from its run's pinned standings and table once it has one."""

    season: Season
    refusal: str | None
    run: PayoutRun | None
    table: dict[str, dict[str, int]]
    lines: list[PreviewLine] = field(default_factory=list)
    largest: list[LargestAward] = field(default_factory=list)
    publication: Publication | None = None
    table_digest: str = ""

    @property
    def awards(self) -> int:
        return sum(line.awards for line in self.lines)

    @property
    def credits(self) -> int:
        return sum(line.credits for line in self.lines)

    def subtotals(self, attribute: str) -> list[Subtotal]:
        awards: dict[str, int] = defaultdict(int)
        credits: dict[str, int] = defaultdict(int)
        for line in self.lines:
            key = getattr(line, attribute)
            awards[key] += line.awards
            credits[key] += line.credits
        return [Subtotal(key, awards[key], credits[key]) for key in awards]

    @property
    def by_region(self) -> list[Subtotal]:
        return self.subtotals("region")

    @property
    def by_league(self) -> list[Subtotal]:
        return self.subtotals("league")

    @property
    def by_tier(self) -> list[Subtotal]:
        return self.subtotals("tier")

    @property
    def by_medal(self) -> list[Subtotal]:
        return self.subtotals("medal")


def _order_sql(column: str, values: tuple[str, ...]) -> str:
    """A CASE giving ``values``' rulebook order (tiers, medals) instead of the alphabet's."""
    whens = " ".join(f"WHEN '{value}' THEN {index}" for index, value in enumerate(values))
    return f"CASE {column} {whens} END"


def payout_preview(*, season: Season) -> PayoutPreview:
    """What paying ``season`` would write, grouped and totalled; reads only."""
    run = (
        PayoutRun.objects.filter(season=season).select_related("started_by", "publication").first()
    )
    table = reward_table(season)
    refusal = payout_refusal(season)
    if refusal is not None:
        return PayoutPreview(season, refusal, run, table)
    publication, cells = paid_from(season, run)
    params = cell_params(cells)
    grouped = awards_sql(
        select="s.region, s.league, s.tier, s.medal, COUNT(*), SUM(r.credits)",
        tail=(
            "GROUP BY s.region, s.league, s.tier, s.medal ORDER BY s.region, s.league, "
            f"{_order_sql('s.tier', rules.TIERS)}, {_order_sql('s.medal', rules.MEDALS)}"
        ),
    )
    lines = [
        PreviewLine(region, league, tier, medal, int(awards), int(credits))
        for region, league, tier, medal, awards, credits in _fetch(
            grouped, [*params, publication.pk]
        )
    ]
    largest_sql = awards_sql(
        select="s.registration_id, COUNT(*), SUM(r.credits)",
        tail="GROUP BY s.registration_id ORDER BY SUM(r.credits) DESC, s.registration_id LIMIT %s",
    )
    top = _fetch(largest_sql, [*params, publication.pk, LARGEST_SHOWN])
    registrations = Registration.objects.select_related("driver").in_bulk([row[0] for row in top])
    largest = [
        LargestAward(
            registrations[pk].driver.online_id,
            registrations[pk].display_name,
            registrations[pk].region,
            registrations[pk].league,
            int(awards),
            int(credits),
        )
        for pk, awards, credits in top
    ]
    return PayoutPreview(season, None, run, table, lines, largest, publication, cells_digest(cells))


def paid_from(season: Season, run: PayoutRun | None) -> tuple[Publication, list[tuple]]:
    """The publication and credit cells that paying ``season`` uses: the run's, once it exists."""
    if run is not None:
        return run.publication, run_cells(run)
    publication = final_publication(season)
    assert publication is not None  # payout_refusal refuses a season without one
    return publication, season_cells(season)


def preview_rows(*, season: Season) -> Iterator[tuple]:
    """``payouts.csv`` rows of what paying ``season`` would write, by online id and tier."""
    if payout_refusal(season) is not None:
        return
    publication, cells = paid_from(season, PayoutRun.objects.filter(season=season).first())
    sql = awards_sql(
        select="d.online_id, s.league, s.tier, s.scope, s.medal, r.credits",
        joins=(
            "JOIN leagues_registration g ON g.id = s.registration_id "
            "JOIN leagues_driver d ON d.id = g.driver_id"
        ),
        tail=f"ORDER BY d.online_id, {_order_sql('s.tier', rules.TIERS)}",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*cell_params(cells), publication.pk])
        while rows := cursor.fetchmany(CHUNK):
            for row in rows:
                yield (season.label, *row)


def ledger_rows(*, season: Season) -> Iterator[tuple]:
    """``payouts.csv`` rows of what was paid for ``season``, by online id and tier."""
    tier_order = Case(
        *(When(tier=tier, then=Value(index)) for index, tier in enumerate(rules.TIERS)),
        output_field=IntegerField(),
    )
    rows = (
        RewardPayout.objects.filter(season=season)
        .order_by("registration__driver__online_id", tier_order)
        .values_list(
            "registration__driver__online_id", "league", "tier", "scope", "medal", "credits"
        )
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield (season.label, *row)


def ledger_totals(*, season: Season) -> tuple[int, int]:
    totals = RewardPayout.objects.filter(season=season).aggregate(n=Count("id"), c=Sum("credits"))
    return totals["n"], totals["c"] or 0


def payout_run(*, season: Season) -> PayoutRun | None:
    return PayoutRun.objects.filter(season=season).select_related("season", "started_by").first()


@dataclass(frozen=True)
class Awards:
    """A registration's end-of-season awards, one per tier."""

    rows: list[RewardPayout]

    @property
    def credits(self) -> int:
        return sum(row.credits for row in self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


def awards_of(registration: Registration) -> Awards:
    """What the ledger paid ``registration``, in tier order."""
    order = {tier: index for index, tier in enumerate(rules.TIERS)}
    rows = list(RewardPayout.objects.filter(registration=registration))
    return Awards(sorted(rows, key=lambda row: order[row.tier]))
