"""The home page: "My Nations Cup" for a signed-in driver, the season at a glance for visitors.

Each read is a handful of indexed queries whatever the season's size: the
driver's own four standings, the same four of the previous publication, the
four medal boundary rows, the next round's slots of their region and league.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from leagues import rules
from leagues.models import (
    Driver,
    EntrySlot,
    Publication,
    RaceResult,
    RankingSummary,
    Registration,
    Round,
    Season,
    SeasonKind,
    Standing,
    Tier,
)
from leagues.selectors.eligibility import Eligibility, live_event_eligibility
from leagues.selectors.payouts import Awards, awards_of
from leagues.selectors.seasons import HomePage, current_season, home_page
from leagues.selectors.standings import published_publication, scope_names
from live_events.models import LiveEvent

# The medal one band better than each (None: already the best).
NEXT_MEDAL = {"": "BRONZE", "BRONZE": "SILVER", "SILVER": "GOLD", "GOLD": None}
CUTOFF_FIELD = {"GOLD": "gold_cutoff", "SILVER": "silver_cutoff", "BRONZE": "bronze_cutoff"}


@dataclass(frozen=True)
class TierRank:
    """One of the driver's four rankings: where they stand, where they stood, what is next."""

    standing: Standing
    scope_label: str
    ranked: int
    previous_rank: int | None
    next_medal: str | None
    points_to_next: int | None

    @property
    def tier(self) -> str:
        return self.standing.tier


@dataclass(frozen=True)
class OpenRoundRace:
    """The race that counts for the driver in the round being raced (provisional)."""

    round: Round
    race: RaceResult
    races: int


@dataclass
class MyNationsCup:
    driver: Driver
    season: Season | None
    registration: Registration | None
    publication: Publication | None
    ranks: list[TierRank] = field(default_factory=list)
    next_round: Round | None = None
    next_slots: list[EntrySlot] = field(default_factory=list)
    open_race: OpenRoundRace | None = None
    eligibility: Eligibility | None = None
    eligibility_day: dt.date | None = None
    awards: Awards | None = None
    awards_season: Season | None = None
    registration_open: bool = False


def _rank_rows(publication: Publication, registration: Registration) -> list[TierRank]:
    """The registration's four rows with their movement and the points to the next medal."""
    order = {tier: index for index, tier in enumerate(rules.TIERS)}
    rows = sorted(
        Standing.objects.filter(publication=publication, registration=registration),
        key=lambda row: order[row.tier],
    )
    if not rows:
        return []
    previous = {}
    for tier, rank in (
        Standing.objects.filter(
            publication__season_id=publication.season_id,
            publication__status=Publication.Status.SUPERSEDED,
            registration=registration,
        )
        .order_by("publication__version")
        .values_list("tier", "rank")
    ):
        previous[tier] = rank  # the newest superseded publication wins
    scopes = Q()
    for row in rows:
        scopes |= Q(tier=row.tier, scope=row.scope)
    summaries = {
        s.tier: s
        for s in RankingSummary.objects.filter(
            scopes, publication=publication, league=rows[0].league
        )
    }
    boundary = Q()
    for row in rows:
        medal = NEXT_MEDAL[row.medal]
        if medal and row.tier in summaries:
            cutoff = getattr(summaries[row.tier], CUTOFF_FIELD[medal])
            boundary |= Q(tier=row.tier, scope=row.scope, position=cutoff)
    boundary_points = {}
    if boundary:
        boundary_points = dict(
            Standing.objects.filter(
                boundary, publication=publication, league=rows[0].league
            ).values_list("tier", "season_points")
        )
    labels = scope_names(rows)
    ranks = []
    for row in rows:
        medal = NEXT_MEDAL[row.medal]
        to_next = None
        if medal and row.tier in boundary_points:
            to_next = max(boundary_points[row.tier] - row.season_points, 0) + 1
        summary = summaries.get(row.tier)
        ranks.append(
            TierRank(
                standing=row,
                scope_label=labels[(row.tier, row.scope)],
                ranked=summary.ranked if summary else 0,
                previous_rank=previous.get(row.tier),
                next_medal=medal,
                points_to_next=to_next,
            )
        )
    return ranks


def _open_race(season: Season, registration: Registration) -> OpenRoundRace | None:
    """The driver's counting race in a round not closed yet, if they raced in one."""
    races = list(
        RaceResult.objects.filter(
            registration=registration,
            slot__round__season=season,
            slot__round__status=Round.Status.SCHEDULED,
        )
        .select_related("slot__round", "lobby")
        .order_by("slot__starts_at")
    )
    if not races:
        return None
    last = races[-1]
    same_round = [race for race in races if race.slot.round_id == last.slot.round_id]
    return OpenRoundRace(round=last.slot.round, race=last, races=len(same_round))


def my_nations_cup(*, driver: Driver, now: dt.datetime | None = None) -> MyNationsCup:
    """Everything a signed-in driver wants to see first, for the current season."""
    now = now or timezone.now()
    season = current_season()
    page = MyNationsCup(driver=driver, season=season, registration=None, publication=None)
    if season is None:
        return page
    registration = (
        Registration.objects.filter(season=season, driver=driver)
        .select_related("main_area", "secondary_area")
        .first()
    )
    page.registration = registration
    page.registration_open = registration is None and season.registration_refusal(now) is None
    page.next_round = season.rounds.filter(status=Round.Status.SCHEDULED).order_by("number").first()
    if registration is not None:
        page.publication = published_publication(season)
        if page.publication is not None:
            page.ranks = _rank_rows(page.publication, registration)
        if page.next_round is not None:
            page.next_slots = list(
                page.next_round.slots.filter(
                    region=registration.region, league=registration.league
                ).order_by("starts_at")
            )
        page.open_race = _open_race(season, registration)
    first_event = season.live_events.order_by("starts_on").values_list("starts_on", flat=True)
    page.eligibility_day = first_event.first() or now.date()
    if season.kind == SeasonKind.OFFICIAL:
        page.eligibility = live_event_eligibility(
            driver=driver, season=season, first_day=page.eligibility_day
        )
    paid = (
        Registration.objects.filter(driver=driver, payouts__isnull=False)
        .select_related("season")
        .order_by("-season__year")
        .first()
    )
    if paid is not None:
        page.awards, page.awards_season = awards_of(paid), paid.season
    return page


@dataclass(frozen=True)
class Champion:
    region: str
    standing: Standing


@dataclass(frozen=True)
class VisitorHome:
    page: HomePage
    live_event: LiveEvent | None
    live_now: bool
    live_over: bool
    champions_season: Season | None
    champions: list[Champion]


def reigning_champions() -> tuple[Season | None, list[Champion]]:
    """The GT1 regional winners of the newest season with final standings."""
    final = (
        Publication.objects.filter(status=Publication.Status.PUBLISHED, is_final=True)
        .select_related("season")
        .order_by("-season__year", "season__kind")
        .first()
    )
    if final is None:
        return None, []
    winners = (
        Standing.objects.filter(publication=final, tier=Tier.REGIONAL, league="GT1", rank=1)
        .select_related("registration__driver")
        .order_by("region", "position")
    )
    order = {region: index for index, region in enumerate(rules.REGIONS)}
    champions = sorted(
        (Champion(region=row.region, standing=row) for row in winners),
        key=lambda champion: order.get(champion.region, 99),
    )
    return final.season, champions


def visitor_home(*, today: dt.date | None = None) -> VisitorHome:
    """The running season, the live event that is on now or next, the reigning champions."""
    today = today or timezone.localdate()
    events = LiveEvent.objects.select_related("season").prefetch_related("sessions")
    event = events.filter(ends_on__gte=today).order_by("starts_on").first()
    latest = None if event else events.filter(ends_on__lt=today).order_by("-ends_on").first()
    season, champions = reigning_champions()
    return VisitorHome(
        page=home_page(),
        live_event=event or latest,
        live_now=bool(event and event.starts_on <= today),
        live_over=latest is not None,
        champions_season=season,
        champions=champions,
    )
