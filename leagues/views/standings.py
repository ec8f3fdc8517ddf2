"""The standings pages: one ranking at a time, its CSV, the find-a-driver jump."""

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from leagues import csvfiles, rules
from leagues.filters import StandingFilter
from leagues.models import Publication, Registration, Season
from leagues.selectors import standings as selectors
from leagues.selectors.drivers import driver_for_user
from leagues.selectors.seasons import pick_current_season
from leagues.tables import StandingTable
from leagues.views.shared_pages import shared_for_anonymous

FILTER_FIELDS = ("season", "region", "league", "tier", "scope")
PAGE_PARAMS = (*FILTER_FIELDS, "page", "sort", "find", "highlight")


@dataclass
class Choice:
    """The ranking a visitor sees and why: what was asked, what the page fell back to."""

    values: dict[str, str]
    seasons: list[Season]
    season: Season | None
    publication: Publication | None
    scopes: list[selectors.ScopeChoice]
    own: Registration | None
    found: Registration | None

    @property
    def scope(self) -> selectors.ScopeChoice | None:
        return next((c for c in self.scopes if c.code == self.values["scope"]), None)


def _choose(request) -> Choice:
    """The ranking asked for; what is not asked follows the viewer.

    Region and league: the signed-in driver's registration, else the found
    driver's, else EMEA GT1. Scope: the one asked for if it has a ranking,
    else the found driver's, else the viewer's own, else the largest ranking
    of that tier (never an empty one). Anonymous visitors all get the same
    defaults, so their pages can be shared (``shared_pages``).
    """
    asked = {k: v for k, v in request.GET.items() if k in FILTER_FIELDS and v}
    seasons = list(Season.objects.all())
    current = pick_current_season(seasons)
    values = {
        "season": current.label if current else "",
        "region": "EMEA",
        "league": "GT1",
        "tier": "REGIONAL",
        "scope": "",
    }
    values.update({k: v for k, v in asked.items() if k in ("season", "tier")})
    # An unknown season label finds none here and is refused by the filter (400).
    season = next((s for s in seasons if s.label == values["season"]), None)
    own = found = None
    if season is not None:
        driver = driver_for_user(request.user)
        if driver is not None:
            own = selectors.registration_in(season, driver.online_id)
        if request.GET.get("find", "").strip():
            found = selectors.registration_in(season, request.GET["find"])
    follow = found or own
    if follow is not None:
        values.update(region=follow.region, league=follow.league)
    values.update({k: v for k, v in asked.items() if k in ("region", "league")})
    publication = selectors.published_publication(season) if season else None
    scopes = []
    if (
        publication is not None
        and values["region"] in rules.REGIONS
        and values["league"] in rules.LEAGUES
        and values["tier"] in rules.TIERS
    ):
        scopes = selectors.ranked_scopes(
            publication=publication,
            league=values["league"],
            tier=values["tier"],
            region=values["region"],
        )
    codes = {choice.code for choice in scopes}
    wanted = [asked.get("scope")]
    for registration in (found, own):
        if (
            registration is not None
            and registration.region == values["region"]
            and values["tier"] in rules.TIERS
        ):
            wanted.append(selectors.scope_of(registration, values["tier"]))
    largest = selectors.largest_scope(scopes)
    wanted.append(largest.code if largest else "")
    values["scope"] = next(code for code in wanted if code in codes or code == "")
    return Choice(values, seasons, season, publication, scopes, own, found)


@shared_for_anonymous(params=PAGE_PARAMS)
def standings(request):
    choice = _choose(request)
    values = choice.values
    filterset = StandingFilter(values, seasons=choice.seasons, scopes=choice.scopes)
    if not filterset.is_valid():
        return render(request, "leagues/standings.html", {"filter": filterset}, status=400)
    query = urlencode({k: values[k] for k in FILTER_FIELDS})
    context = {
        "filter": filterset,
        "query": query,
        "chosen": values,
        "season": choice.season,
        "scope_choice": choice.scope,
        "own": choice.own,
        "publication": choice.publication,
    }
    if choice.publication is None or choice.scope is None:
        return render(request, "leagues/standings.html", context)
    ranking = selectors.Ranking(
        choice.publication, values["league"], values["tier"], values["scope"]
    )
    find = request.GET.get("find", "").strip()
    if find:
        found = selectors.page_of_driver(ranking=ranking, registration=choice.found)
        if found is None:
            context["find_error"] = _("%(id)s is not in this ranking.") % {"id": find}
        else:
            return redirect(f"{request.path}?{query}&page={found}&highlight={find}#driver-{find}")
    descending = request.GET.get("sort") == "-rank"
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    page = selectors.standings_page(
        ranking=ranking,
        page=page_number,
        descending=descending,
        user=request.user,
        summary=choice.scope.summary,
    )
    user_id = request.user.pk if request.user.is_authenticated else None
    highlight = request.GET.get("highlight", "").strip()
    table = StandingTable(
        page.rows,
        season_label=choice.publication.season.label,
        user_id=user_id,
        highlight=highlight,
        order_by="-rank" if descending else "rank",
    )
    pinned = None
    if page.mine is not None and page.mine not in page.rows:
        pinned = StandingTable(
            [page.mine], season_label=table.season_label, user_id=user_id, orderable=False
        )
    sort = "&sort=-rank" if descending else ""
    context.update(
        page=page,
        table=table,
        pinned=pinned,
        cutoffs=page.summary,
        page_query=query + sort,
        highlight=highlight,
    )
    response = render(request, "leagues/standings.html", context)
    if find:
        # A failed search is this visitor's own; arbitrary ids must not fill the cache.
        patch_cache_control(response, private=True)
    return response


def standings_csv(request):
    choice = _choose(request)
    values = choice.values
    filterset = StandingFilter(values, seasons=choice.seasons, scopes=choice.scopes)
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            "; ".join(f"{k}: {v[0]}" for k, v in filterset.errors.items())
        )
    rows: Iterable[tuple] = ()
    if choice.publication is not None and choice.scope is not None:
        ranking = selectors.Ranking(
            choice.publication, values["league"], values["tier"], values["scope"]
        )
        rows = selectors.standing_rows(ranking=ranking)
    response = StreamingHttpResponse(
        csvfiles.csv_lines(csvfiles.STANDINGS, rows), content_type="text/csv; charset=utf-8"
    )
    name = "-".join(values[k] for k in FILTER_FIELDS)
    response["Content-Disposition"] = f'attachment; filename="standings-{name}.csv"'
    return response
