"""The standings pages: one ranking at a time, its CSV, the find-a-driver jump."""

from urllib.parse import urlencode

from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from leagues import csvfiles
from leagues.filters import StandingFilter
from leagues.selectors import standings as selectors
from leagues.selectors.drivers import driver_for_user
from leagues.selectors.seasons import current_season
from leagues.tables import StandingTable
from leagues.views.rounds import season_or_404
from leagues.views.shared_pages import shared_for_anonymous

FILTER_FIELDS = ("season", "region", "league", "tier", "scope")
PAGE_PARAMS = (*FILTER_FIELDS, "page", "sort", "find", "highlight")


def _chosen(request) -> dict[str, str]:
    """The ranking asked for, with defaults from the visitor's own registration, else EMEA GT1.

    A scope that does not belong to the chosen tier and region (the region was
    just changed, say) falls back to the visitor's own, else the first one.
    """
    season = current_season()
    chosen = {"season": season.label if season else "", "region": "EMEA", "league": "GT1"}
    chosen["tier"] = "REGIONAL"
    own = None
    driver = driver_for_user(request.user)
    if driver is not None and season is not None:
        own = (
            driver.registrations.select_related("main_area", "secondary_area")
            .filter(season=season)
            .first()
        )
        if own is not None:
            chosen.update(region=own.region, league=own.league)
    chosen.update({k: v for k, v in request.GET.items() if k in FILTER_FIELDS and v})
    scopes = dict(selectors.scope_choices(tier=chosen["tier"], region=chosen["region"]))
    if chosen.get("scope") not in scopes:
        mine = own and {
            "DOMESTIC": own.country_id,
            "MAIN_AREA": own.main_area.code,
            "SECONDARY_AREA": own.secondary_area.code,
        }.get(chosen["tier"])
        chosen["scope"] = mine if mine in scopes else next(iter(scopes), "")
    return chosen


def _ranking(request):
    chosen = _chosen(request)
    filterset = StandingFilter(chosen)
    if not filterset.is_valid():
        return None, filterset, chosen
    season = season_or_404(chosen["season"])
    publication = selectors.published_publication(season)
    if publication is None:
        return None, filterset, chosen
    ranking = selectors.Ranking(publication, chosen["league"], chosen["tier"], chosen["scope"])
    return ranking, filterset, chosen


@shared_for_anonymous(params=PAGE_PARAMS)
def standings(request):
    ranking, filterset, chosen = _ranking(request)
    if filterset.errors:
        return render(request, "leagues/standings.html", {"filter": filterset}, status=400)
    query = urlencode({k: chosen[k] for k in FILTER_FIELDS})
    context = {"filter": filterset, "query": query, "chosen": chosen}
    if ranking is None:
        return render(request, "leagues/standings.html", context)
    find = request.GET.get("find", "").strip()
    if find:
        page = selectors.page_of_driver(ranking=ranking, online_id=find)
        if page is None:
            context["find_error"] = _("%(id)s is not in this ranking.") % {"id": find}
        else:
            return redirect(f"{request.path}?{query}&page={page}&highlight={find}#driver-{find}")
    descending = request.GET.get("sort") == "-rank"
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    page = selectors.standings_page(
        ranking=ranking, page=page_number, descending=descending, user=request.user
    )
    user_id = request.user.pk if request.user.is_authenticated else None
    table = StandingTable(
        page.rows,
        season_label=ranking.publication.season.label,
        user_id=user_id,
        order_by="-rank" if descending else "rank",
    )
    pinned = None
    if page.mine is not None and page.mine not in page.rows:
        pinned = StandingTable([page.mine], season_label=table.season_label, user_id=user_id)
    sort = "&sort=-rank" if descending else ""
    context.update(
        page=page,
        table=table,
        pinned=pinned,
        publication=ranking.publication,
        cutoffs=page.summary,
        page_query=query + sort,
    )
    response = render(request, "leagues/standings.html", context)
    if find:
        # A failed search is this visitor's own; arbitrary ids must not fill the cache.
        patch_cache_control(response, private=True)
    return response


def standings_csv(request):
    ranking, filterset, chosen = _ranking(request)
    if filterset.errors:
        return HttpResponseBadRequest(
            "; ".join(f"{k}: {v[0]}" for k, v in filterset.errors.items())
        )
    rows = selectors.standing_rows(ranking=ranking) if ranking else []
    response = StreamingHttpResponse(
        csvfiles.csv_lines(csvfiles.STANDINGS, rows), content_type="text/csv; charset=utf-8"
    )
    name = "-".join(chosen[k] for k in FILTER_FIELDS)
    response["Content-Disposition"] = f'attachment; filename="standings-{name}.csv"'
    return response
