from dataclasses import dataclass

from django.db.models import Count

from leagues.models import Season


@dataclass(frozen=True)
class HomePage:
    season: Season | None
    registrations_by_league: dict[str, int]


def current_season() -> Season | None:
    """The official season drivers care about now: the newest one that is not upcoming."""
    return (
        Season.objects.filter(kind="official").exclude(status="upcoming").order_by("-year").first()
    ) or Season.objects.order_by("-year").first()


def home_page() -> HomePage:
    season = current_season()
    counts: dict[str, int] = {}
    if season is not None:
        rows = season.registrations.values("league").annotate(n=Count("id")).order_by("league")
        counts = {row["league"]: row["n"] for row in rows}
    return HomePage(season=season, registrations_by_league=counts)
