"""What the public live-event pages read."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, Sum

from leagues.models import Driver, Publication, Registration, Season, Standing, Tier
from leagues.selectors.paging import KeysetPage, keyset_page
from live_events import rules
from live_events.models import (
    Broadcast,
    EventKind,
    Finalist,
    FinalistStatus,
    GridSlot,
    LiveEvent,
    Prediction,
    Session,
    SessionResult,
    StewardDecision,
)
from live_events.selectors.common import ClassifiedRow, classification, classified, live_settings
from live_events.selectors.teams import TeamRow, season_teams, team_table


def calendar(season: Season):
    """The season's live events in date order, with their sessions and languages."""
    return (
        LiveEvent.objects.filter(season=season)
        .prefetch_related("sessions", "broadcasts")
        .order_by("starts_on")
    )


@dataclass
class SessionView:
    session: Session
    grid: list[GridSlot]
    classification: list[ClassifiedRow]
    decisions: list[StewardDecision]
    points: dict[int, int] = field(default_factory=dict)

    def rows(self) -> list[tuple[ClassifiedRow, int | None]]:
        """The classification with each driver's points (None where the race scores none)."""
        return [(row, self.points.get(row.driver.pk)) for row in self.classification]


@dataclass
class EventPage:
    event: LiveEvent
    sessions: list[SessionView]
    entries: list
    team_rows: list[TeamRow]
    is_team: bool = False
    broadcasts: list = field(default_factory=list)

    @property
    def schedule(self) -> list[Session]:
        return [view.session for view in self.sessions]


def _sessions_of(event: LiveEvent) -> list[Session]:
    return list(
        event.sessions.order_by("order").prefetch_related(
            Prefetch("grid", GridSlot.objects.select_related("driver__country")),
            Prefetch("results", SessionResult.objects.select_related("driver__country")),
            Prefetch("decisions", StewardDecision.objects.select_related("driver")),
        )
    )


def _session_view(session: Session) -> SessionView:
    results, decisions = list(session.results.all()), list(session.decisions.all())
    return SessionView(
        session=session,
        grid=list(session.grid.all()),
        classification=classification(session, results, decisions) if results else [],
        decisions=decisions,
    )


# A running session's id and its order as if it ended now (see rules.provisional_classification).
Provisional = tuple[int, list[rules.Classified]]


def _race_classified(view: SessionView, provisional: Provisional | None):
    """The classification a race counts with: the provisional one of the running session,
    the official one once confirmed, else none (not run yet)."""
    if provisional is not None and view.session.pk == provisional[0]:
        return provisional[1]
    if view.session.is_confirmed:
        return classified(view.classification)
    return None


def event_points(
    event: LiveEvent, views: list[SessionView], provisional: Provisional | None = None
) -> list[dict[int, int]]:
    """Championship points of an event: the final race's top 6 for a round, every race's
    points (the Grand Final multiplied) at the World Finals. Confirmed races only, and the
    running race when ``provisional`` gives its order."""
    settings = live_settings(event.season)
    races = [v for v in views if v.session.is_race]
    if event.kind == EventKind.ROUND:
        last = _race_classified(races[-1], provisional) if races else None
        if last is None:
            return []
        return [rules.race_points(last, settings.round_points)]
    points = []
    for index, view in enumerate(races):
        rows = _race_classified(view, provisional)
        if rows is None:
            continue
        race = rules.race_points(rows, settings.final_points)
        if index == len(races) - 1:
            race = {k: v * settings.grand_final_multiplier for k, v in race.items()}
        points.append(race)
    return points


def event_page(event: LiveEvent) -> EventPage:
    views = [_session_view(s) for s in _sessions_of(event)]
    races = [v for v in views if v.session.is_race]
    per_event = event_points(event, views)
    if event.kind == EventKind.ROUND and per_event and races:
        races[-1].points = per_event[0]
    elif event.kind == EventKind.WORLD_FINAL:
        confirmed = [v for v in races if v.session.is_confirmed]
        for view, points in zip(confirmed, per_event):
            view.points = points
    entries = list(event.entries.select_related("driver__country"))
    is_team = live_settings(event.season).is_team
    team_rows: list[TeamRow] = []
    if is_team:
        totals: dict[int, int] = defaultdict(int)
        for points in per_event:
            for key, value in points.items():
                totals[key] += value
        team_rows = team_table(season_teams(event.season), totals)
    return EventPage(
        event=event,
        sessions=views,
        entries=entries,
        team_rows=team_rows,
        is_team=is_team,
        broadcasts=list(event.broadcasts.all()),
    )


def live_event_page(
    *, season: Season | None = None, after: int | None, limit: int
) -> KeysetPage[LiveEvent]:
    """Live events (of one season if given) in the order they were created, one keyset page."""
    events = LiveEvent.objects.select_related("season__live_settings")
    if season is not None:
        events = events.filter(season=season)
    return keyset_page(events, key="pk", after=after, limit=limit)


@dataclass(frozen=True)
class EventDetail:
    page: EventPage
    broadcasts: list[Broadcast]


def live_event_detail(*, slug: str) -> EventDetail | None:
    """An event's page (sessions, classifications, points) and its broadcasts."""
    event = LiveEvent.objects.select_related("season__live_settings").filter(slug=slug).first()
    if event is None:
        return None
    return EventDetail(page=event_page(event), broadcasts=list(event.broadcasts.all()))


@dataclass
class ChampionshipRow:
    rank: int
    driver: Driver
    per_event: tuple[int, ...]
    total: int
    carried: int = 0
    grand_final_position: int | None = None


@dataclass
class Championship:
    season: Season
    rounds: list[LiveEvent]
    rows: list[ChampionshipRow]
    final: LiveEvent | None
    final_races: list[Session]
    final_rows: list[ChampionshipRow]
    team_rows: list[TeamRow]
    final_team_rows: list[TeamRow]
    is_team: bool = False


def championship(season: Season, provisional: Provisional | None = None) -> Championship:
    """The championship of the rounds, and the World Finals built on it; with
    ``provisional``, as it would stand if the running race ended now."""
    settings = live_settings(season)
    events = list(LiveEvent.objects.filter(season=season).order_by("starts_on"))
    rounds = [e for e in events if e.kind == EventKind.ROUND]
    final = next((e for e in events if e.kind == EventKind.WORLD_FINAL), None)
    finalist_ids = list(
        Finalist.objects.filter(season=season, status=FinalistStatus.SELECTED).values_list(
            "driver_id", flat=True
        )
    )
    round_points = []
    for event in rounds:
        views = [_session_view(s) for s in _sessions_of(event)]
        round_points.append(next(iter(event_points(event, views, provisional)), {}))
    table = rules.championship_table(round_points, keys=finalist_ids)
    final_table, final_races = [], []
    if final is not None:
        views = [_session_view(s) for s in _sessions_of(final)]
        race_views = [v for v in views if v.session.is_race]
        final_races = [v.session for v in race_views]
        totals = {row.key: row.total for row in table}
        entrants = list(final.entries.values_list("driver_id", flat=True)) or finalist_ids
        final_table = rules.world_final_table(
            carried={key: totals.get(key, 0) for key in entrants},
            # An unconfirmed race counts as not run yet (and cannot break ties).
            races=[_race_classified(v, provisional) or [] for v in race_views],
            table=settings.final_points,
            grand_final_multiplier=settings.grand_final_multiplier,
        )
    keys = {row.key for row in table} | {row.key for row in final_table}
    drivers = Driver.objects.select_related("country").in_bulk(keys)
    rows = [ChampionshipRow(row.rank, drivers[row.key], row.per_event, row.total) for row in table]
    final_rows = [
        ChampionshipRow(
            row.rank,
            drivers[row.key],
            row.per_event,
            row.total,
            row.carried,
            row.grand_final_position,
        )
        for row in final_table
    ]
    team_rows: list[TeamRow] = []
    final_team_rows: list[TeamRow] = []
    if settings.is_team:
        teams = season_teams(season)
        team_rows = team_table(teams, {row.driver.pk: row.total for row in rows})
        if final_rows:
            final_team_rows = team_table(
                teams,
                {row.driver.pk: row.total for row in final_rows},
                {row.driver.pk: row.grand_final_position for row in final_rows},
            )
    return Championship(
        season=season,
        rounds=rounds,
        rows=rows,
        final=final,
        final_races=final_races,
        final_rows=final_rows,
        team_rows=team_rows,
        final_team_rows=final_team_rows,
        is_team=settings.is_team,
    )


@dataclass
class SeasonHistory:
    season: Season
    league: str
    region: str
    rank: int | None
    points: int | None
    medal: str


@dataclass
class FinalistCard:
    finalist: Finalist
    driver: Driver
    history: list[SeasonHistory]


def finalist_cards(season: Season) -> list[FinalistCard]:
    """The season's finalists with their bio and their online seasons (regional rank)."""
    finalists = list(
        Finalist.objects.filter(season=season, status=FinalistStatus.SELECTED)
        .select_related("driver__country", "country")
        .order_by("region", "order")
    )
    driver_ids = [f.driver_id for f in finalists]
    registrations = list(
        Registration.objects.filter(driver_id__in=driver_ids)
        .select_related("season")
        .order_by("-season__year")
    )
    standings = {
        s.registration_id: s
        for s in Standing.objects.filter(
            registration__in=registrations,
            tier=Tier.REGIONAL,
            publication__status=Publication.Status.PUBLISHED,
        ).only("registration_id", "rank", "season_points", "medal")
    }
    history: dict[int, list[SeasonHistory]] = defaultdict(list)
    for registration in registrations:
        standing = standings.get(registration.pk)
        history[registration.driver_id].append(
            SeasonHistory(
                season=registration.season,
                league=registration.league,
                region=registration.region,
                rank=standing.rank if standing else None,
                points=standing.season_points if standing else None,
                medal=standing.medal if standing else "",
            )
        )
    return [FinalistCard(f, f.driver, history[f.driver_id]) for f in finalists]


def finalist_review(season: Season) -> dict[str, list[Finalist]]:
    """The organiser's view of the proposed list, per region in order of consideration."""
    by_region: dict[str, list[Finalist]] = defaultdict(list)
    for finalist in (
        Finalist.objects.filter(season=season)
        .select_related("driver", "country")
        .order_by("region", "order")
    ):
        by_region[finalist.region].append(finalist)
    return dict(by_region)


def prediction_leaderboard(season: Season):
    """Users by prediction points over the season's races, with their credits."""
    return (
        Prediction.objects.filter(session__event__season=season, scored_at__isnull=False)
        .values("user_id", "user__username")
        .annotate(
            points=Sum("points"),
            correct=Count("pk", filter=Q(winner_correct=True)),
            predictions=Count("pk"),
            credits=Sum("reward__credits"),
        )
        .order_by("-points", "-correct", "user__username")
    )


def user_predictions(user, event: LiveEvent) -> dict[int, Prediction]:
    """The visitor's predictions for an event's races, by session id."""
    if not user.is_authenticated:
        return {}
    return {
        p.session_id: p
        for p in Prediction.objects.filter(user=user, session__event=event).select_related(
            "winner", "second", "third"
        )
    }
