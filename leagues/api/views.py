"""Read-only JSON views. Lists are keyset-paginated (``after`` + ``limit``); a ranking is
paginated by position range, like the standings page, so any page costs one index range."""

from functools import wraps
from urllib.parse import urlencode

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from leagues import rules
from leagues.api import serializers
from leagues.api.openapi import openapi_document
from leagues.models import (
    Driver,
    RaceResult,
    RankingSummary,
    Registration,
    Round,
    Season,
)
from leagues.selectors import rounds as round_selectors
from leagues.selectors.seasons import season_by_label
from leagues.selectors.standings import (
    SHOWN_FIELDS,
    Ranking,
    driver_standings,
    published_publication,
)
from live_events.models import LiveEvent
from live_events.selectors.pages import event_page

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class ApiError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def api_get(view):
    """GET (and HEAD) only; refusals as JSON ``{"error": ...}``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error("This endpoint is read-only: use GET.", 405)
            response["Allow"] = "GET, HEAD"
            return response
        try:
            return view(request, *args, **kwargs)
        except ApiError as refusal:
            return error(refusal.message, refusal.status)
        except Http404 as missing:
            return error(str(missing) or "Not found.", 404)

    return wrapped


def int_param(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(f"{name} must be an integer.") from None
    if not low <= value <= high:
        raise ApiError(f"{name} must be between {low} and {high}.")
    return value


def choice_param(request, name: str, choices: tuple[str, ...]) -> str | None:
    value = request.GET.get(name) or None
    if value is not None and value not in choices:
        raise ApiError(f"{name} must be one of {', '.join(choices)}.")
    return value


def keyset_page(request, queryset, key: str, item, convert=str) -> JsonResponse:
    """One page of ``queryset`` ordered by the unique ``key``, after the ``after`` cursor."""
    limit = int_param(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    after = request.GET.get("after")
    if after:
        try:
            queryset = queryset.filter(**{f"{key}__gt": convert(after)})
        except ValueError:
            raise ApiError("after is not a cursor this list gave.") from None
    rows = list(queryset.order_by(key)[: limit + 1])
    next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        query = request.GET.copy()
        query["after"] = str(getattr(rows[-1], key))
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return JsonResponse({"results": [item(row) for row in rows], "next": next_url})


def season_or_404(label: str) -> Season:
    try:
        return season_by_label(label)
    except Season.DoesNotExist as missing:
        raise Http404(str(missing)) from None


@api_get
def index(request):
    return JsonResponse(
        {
            "openapi": request.build_absolute_uri(reverse("api:openapi")),
            "docs": request.build_absolute_uri(reverse("api:docs")),
            "seasons": request.build_absolute_uri(reverse("api:season_list")),
            "drivers": request.build_absolute_uri(reverse("api:driver_list")),
            "live_events": request.build_absolute_uri(reverse("api:live_event_list")),
        }
    )


@api_get
def openapi(request):
    return JsonResponse(openapi_document(server=request.build_absolute_uri("/api/v1")))


def docs(request):
    """The OpenAPI document as a page people can read."""
    return render(request, "api/docs.html", {"schema": openapi_document(server="/api/v1")})


@api_get
def season_list(request):
    return keyset_page(request, Season.objects.all(), "pk", serializers.season, int)


@api_get
def season_detail(request, season: str):
    chosen = season_or_404(season)
    feed = reverse("leagues:season_calendar", args=[chosen.label])
    body = {
        **serializers.season(chosen),
        "rounds": [serializers.round_(r) for r in chosen.rounds.order_by("number")],
        "published_standings": serializers.publication(published_publication(chosen)),
        "calendar": request.build_absolute_uri(feed) + "?region={region}&league={league}",
    }
    return JsonResponse(body)


@api_get
def round_list(request, season: str):
    chosen = season_or_404(season)
    return keyset_page(request, chosen.rounds.all(), "number", serializers.round_, int)


def _round_or_404(season: Season, number: int) -> Round:
    round_ = season.rounds.filter(number=number).first()
    if round_ is None:
        raise Http404(f"The {season} has no round {number}.")
    return round_


@api_get
def round_detail(request, season: str, number: int):
    round_ = _round_or_404(season_or_404(season), number)
    region = choice_param(request, "region", rules.REGIONS)
    league = choice_param(request, "league", rules.LEAGUES)
    slots = round_.slots.order_by("starts_at", "region", "league")
    if region:
        slots = slots.filter(region=region)
    if league:
        slots = slots.filter(league=league)
    body = {**serializers.round_(round_), "slots": [serializers.slot(s) for s in slots]}
    return JsonResponse(body)


@api_get
def round_results(request, season: str, number: int):
    round_ = _round_or_404(season_or_404(season), number)
    results = RaceResult.objects.filter(slot__round=round_).select_related(
        "slot", "lobby", "registration__driver"
    )
    region = choice_param(request, "region", rules.REGIONS)
    league = choice_param(request, "league", rules.LEAGUES)
    if region:
        results = results.filter(slot__region=region)
    if league:
        results = results.filter(slot__league=league)
    return keyset_page(request, results, "pk", serializers.result, int)


@api_get
def standings(request, season: str, league: str, tier: str, scope: str):
    """One page of a ranking: positions ``(page-1)*page_size+1`` to ``page*page_size``."""
    chosen = season_or_404(season)
    if league not in rules.LEAGUES or tier not in rules.TIERS:
        raise Http404("Unknown league or tier.")
    page = int_param(request, "page", 1, 1, 10_000_000)
    size = int_param(request, "page_size", DEFAULT_LIMIT, 1, MAX_LIMIT)
    publication = published_publication(chosen)
    if publication is None:
        raise Http404(f"No standings have been published for the {chosen} yet.")
    ranking = Ranking(publication, league, tier, scope)
    summary = RankingSummary.objects.filter(
        publication=publication, league=league, tier=tier, scope=scope
    ).first()
    if summary is None:
        raise Http404("Nobody is ranked in this ranking.")
    low = (page - 1) * size
    rows = (
        ranking.rows()
        .filter(position__gt=low, position__lte=low + size)
        .select_related("registration__driver")
        .only(*SHOWN_FIELDS)
        .order_by("position")
    )
    pages = max(1, -(-summary.ranked // size))

    def page_url(number: int) -> str | None:
        if not 1 <= number <= pages:
            return None
        query = urlencode({"page": number, "page_size": size})
        return request.build_absolute_uri(f"{request.path}?{query}")

    return JsonResponse(
        {
            "season": chosen.label,
            "region": summary.region,
            "league": league,
            "tier": tier,
            "scope": scope,
            "publication": serializers.publication(publication),
            **serializers.summary(summary),
            "page": page,
            "pages": pages,
            "page_size": size,
            "next": page_url(page + 1),
            "previous": page_url(page - 1),
            "results": [serializers.standing(row) for row in rows],
        }
    )


@api_get
def driver_list(request):
    drivers = Driver.objects.select_related("country")
    query = request.GET.get("q", "").strip()
    if query:
        drivers = drivers.filter(online_id__istartswith=query)
    return keyset_page(request, drivers, "online_id", serializers.driver)


def _driver_or_404(online_id: str) -> Driver:
    driver = Driver.objects.select_related("country").filter(online_id=online_id).first()
    if driver is None:
        raise Http404(f"No driver {online_id!r}.")
    return driver


@api_get
def driver_detail(request, online_id: str):
    driver = _driver_or_404(online_id)
    registrations = (
        Registration.objects.filter(driver=driver)
        .select_related("season")
        .order_by("-season__year", "season__kind")
    )
    return JsonResponse(
        {
            **serializers.driver(driver),
            "team": driver.bio_team,
            "registrations": [serializers.registration(r) for r in registrations],
        }
    )


@api_get
def driver_season(request, season: str, online_id: str):
    chosen = season_or_404(season)
    registration = (
        Registration.objects.select_related("season", "driver")
        .filter(season=chosen, driver__online_id=online_id)
        .first()
    )
    if registration is None:
        raise Http404(f"{online_id} is not registered for the {chosen}.")
    page = round_selectors.driver_season(registration=registration)
    publication = published_publication(chosen)
    return JsonResponse(
        {
            **serializers.registration(registration),
            "online_id": online_id,
            "display_name": registration.display_name,
            "season_points": page.season_total,
            "all_points": page.all_points,
            "rounds": [
                {
                    "number": line.round.number,
                    "points": line.score,
                    "counted": line.in_best,
                    "races": len(line.races),
                }
                for line in page.rounds
            ],
            "standings_final": bool(publication and publication.is_final),
            "standings": [
                serializers.tier_standing(row)
                for row in driver_standings(season=chosen, registration_id=registration.pk)
            ],
        }
    )


@api_get
def live_event_list(request):
    events = LiveEvent.objects.select_related("season")
    label = request.GET.get("season")
    if label:
        events = events.filter(season=season_or_404(label))
    return keyset_page(request, events, "pk", live_event, int)


def live_event(event: LiveEvent) -> dict:
    return {
        "slug": event.slug,
        "name": event.name,
        "season": event.season.label,
        "city": event.city,
        "venue": event.venue,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "kind": event.kind,
        "format": event.format,
    }


@api_get
def live_event_detail(request, slug: str):
    event = LiveEvent.objects.select_related("season").filter(slug=slug).first()
    if event is None:
        raise Http404(f"No live event {slug!r}.")
    page = event_page(event)
    sessions = []
    for view in page.sessions:
        session = view.session
        sessions.append(
            {
                "order": session.order,
                "kind": session.kind,
                "name": session.name,
                "starts_at": serializers.moment(session.starts_at),
                "laps": session.laps,
                "car": session.car,
                "track": session.track,
                "confirmed": session.is_confirmed,
                "results": [
                    {
                        "position": row.position,
                        "online_id": row.driver.online_id,
                        "display_name": row.driver.display_name,
                        "status": row.status,
                        "laps": row.laps,
                        "time": row.time,
                        "gap": row.gap,
                        "best_lap": row.best_lap,
                        "penalty_seconds": row.penalty_seconds,
                        "points": points,
                    }
                    for row, points in view.rows()
                ],
            }
        )
    broadcasts = [
        {"language": b.language, "commentators": b.commentators, "stream_url": b.stream_url}
        for b in event.broadcasts.all()
    ]
    return JsonResponse({**live_event(event), "broadcasts": broadcasts, "sessions": sessions})
