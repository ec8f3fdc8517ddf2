"""Pages of the online season: the calendar, a round's lobbies, a driver's season."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from leagues import rules
from leagues.models import Registration, Season
from leagues.selectors import rounds as selectors
from leagues.selectors.charts import season_chart
from leagues.selectors.drivers import driver_for_user
from leagues.selectors.payouts import awards_of
from leagues.selectors.seasons import season_or_404
from leagues.selectors.standings import published_standings, scope_names
from leagues.views.shared_pages import shared_for_anonymous
from stewarding.selectors.cases import protest_rounds, round_decisions


def own_registration(request, season: Season) -> Registration | None:
    """The signed-in visitor's registration for ``season``, if they have one."""
    driver = driver_for_user(request.user)
    if driver is None:
        return None
    return (
        Registration.objects.filter(season=season, driver=driver).select_related("season").first()
    )


def region_and_league(request, season: Season) -> tuple[str, str]:
    """The region and league a page shows: asked for, else the visitor's own, else EMEA GT1."""
    own = own_registration(request, season)
    region = request.GET.get("region") or (own.region if own else "EMEA")
    league = request.GET.get("league") or (own.league if own else "GT1")
    if region not in rules.REGIONS or league not in rules.LEAGUES:
        raise Http404("Unknown region or league.")
    return region, league


def label_scopes(rows) -> None:
    """Give each standing or payout row its scope's name (``scope_label``) for the page."""
    labels = scope_names(rows)
    for row in rows:
        row.scope_label = labels[(row.tier, row.scope)]


def scope_context(region: str, league: str) -> dict:
    return {"region": region, "league": league, "regions": rules.REGIONS, "leagues": rules.LEAGUES}


def season_detail(request, season: str):
    chosen = season_or_404(season)
    region, league = region_and_league(request, chosen)
    rounds = list(selectors.season_calendar(season=chosen, region=region, league=league))
    for round_ in rounds:
        round_.shown_laps = round_.laps_for(league)  # type: ignore[attr-defined]  # for the template
    context = {
        "season": chosen,
        "rounds": rounds,
        "round_count": len(rounds) or chosen.rounds_planned,
        "today": timezone.localdate(),
        **scope_context(region, league),
    }
    return render(request, "leagues/season_detail.html", context)


def round_detail(request, season: str, number: int):
    chosen = season_or_404(season)
    round_ = get_object_or_404(chosen.rounds, number=number)
    region, league = region_and_league(request, chosen)
    own = own_registration(request, chosen)
    slots = list(selectors.round_slots(round=round_, region=region, league=league))
    slot = next((s for s in slots if str(s.pk) == request.GET.get("slot")), None)
    # lobby_count: annotated by the selector's query.
    slot = slot or next((s for s in reversed(slots) if s.lobby_count), None)  # type: ignore[attr-defined]
    context = {
        "season": chosen,
        "round": round_,
        "laps": round_.laps_for(league),
        "slots": slots,
        "slot": slot,
        "lobbies": selectors.slot_lobbies(slot=slot) if slot else [],
        "decisions": round_decisions(round=round_, region=region, league=league),
        "may_protest": round_ in protest_rounds(registration=own, now=timezone.now()),
        **scope_context(region, league),
    }
    return render(request, "leagues/round_detail.html", context)


@shared_for_anonymous()
def driver_season(request, season: str, online_id: str):
    registration = selectors.season_registration(label=season, online_id=online_id)
    if registration is None:
        season_or_404(season)  # says which season is missing, if it is the season
        raise Http404("No such driver in this season.")
    chosen = registration.season
    page = selectors.driver_season(registration=registration)
    standings = published_standings(registration)
    is_me = (
        registration.driver.user_id is not None and registration.driver.user_id == request.user.pk
    )
    awards = awards_of(registration) if is_me else None  # shown to the driver alone
    label_scopes([*standings, *(awards.rows if awards else [])])
    context = {
        "season": chosen,
        "page": page,
        "chart": season_chart(page=page),
        "standings_final": any(row.publication.is_final for row in standings),
        "standings": standings,
        "awards": awards,
        "is_me": is_me,
        "protest_rounds": protest_rounds(registration=registration, now=timezone.now())
        if is_me
        else [],
    }
    return render(request, "leagues/driver_season.html", context)
