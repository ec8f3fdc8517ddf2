"""Reads shared by the pages and the services."""

from dataclasses import dataclass

from leagues.models import Driver, Season, SeasonKind
from live_events import rules
from live_events.models import LiveEvent, LiveSeasonSettings, Session, StewardDecision


def live_settings(season: Season) -> LiveSeasonSettings:
    """The season's live settings, or unsaved defaults when the organiser set none."""
    try:
        return season.live_settings
    except LiveSeasonSettings.DoesNotExist:
        return LiveSeasonSettings(season=season)


def live_season() -> Season | None:
    """The newest season with live events, else the newest official season."""
    event = LiveEvent.objects.select_related("season").order_by("-season__year").first()
    if event is not None:
        return event.season
    return Season.objects.filter(kind=SeasonKind.OFFICIAL).order_by("-year").first()


def previous_session(session: Session) -> Session | None:
    return (
        Session.objects.filter(event_id=session.event_id, order__lt=session.order)
        .order_by("-order")
        .first()
    )


@dataclass(frozen=True)
class ClassifiedRow:
    """A line of a session's official classification, ready to show."""

    driver: Driver
    position: int
    status: str
    laps: int
    time: str
    gap: str
    best_lap: str
    penalty_seconds: int
    finish_position: int


def timings_for(session: Session, results, decisions) -> list[rules.Timing]:
    """The rules' view of a timing sheet: results plus the stewards' decisions."""
    penalties: dict[int, int] = {}
    disqualified: set[int] = set()
    for decision in decisions:
        if decision.kind == StewardDecision.Kind.TIME_PENALTY:
            penalties[decision.driver_id] = penalties.get(decision.driver_id, 0) + decision.seconds
        elif decision.kind == StewardDecision.Kind.DISQUALIFICATION:
            disqualified.add(decision.driver_id)
    qualifying = not session.is_race
    return [
        rules.Timing(
            key=result.driver_id,
            finish_position=result.finish_position,
            status=result.status,
            laps=0 if qualifying else result.laps,
            time_ms=result.best_lap_ms if qualifying else result.total_time_ms,
            penalty_ms=penalties.get(result.driver_id, 0) * 1000,
            disqualified=result.driver_id in disqualified,
            label=result.driver.display_name,
        )
        for result in results
    ]


def classification(session: Session, results=None, decisions=None) -> list[ClassifiedRow]:
    """The session's official classification, derived from times plus penalties."""
    if results is None:
        results = list(session.results.select_related("driver__country"))
    if decisions is None:
        decisions = list(session.decisions.all())
    by_driver = {result.driver_id: result for result in results}
    rows = []
    for c in rules.classify(timings_for(session, results, decisions)):
        result = by_driver[c.key]
        rows.append(
            ClassifiedRow(
                driver=result.driver,
                position=c.position,
                status=c.status,
                laps=c.laps,
                time=rules.format_ms(c.adjusted_ms),
                gap=rules.format_gap(c),
                best_lap=rules.format_ms(result.best_lap_ms),
                penalty_seconds=c.penalty_ms // 1000,
                finish_position=result.finish_position,
            )
        )
    return rows


def classified(rows: list[ClassifiedRow]) -> list[rules.Classified]:
    """The rules' view of a shown classification (for points)."""
    return [
        rules.Classified(row.driver.pk, row.position, row.status, row.laps, None) for row in rows
    ]
