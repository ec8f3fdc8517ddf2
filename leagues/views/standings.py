"""The standings pages: one ranking at a time, its CSV, the find-a-driver jump.

A standings page looks the same to every anonymous visitor (in one language
and time zone) until the next publication, so it is rendered once and served
from the cache: its key names the newest published publication, and a
publication switch moves every key at once.
"""

import functools
import hashlib
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leagues import csvfiles
from leagues.filters import StandingFilter
from leagues.models import Publication
from leagues.selectors import standings as selectors
from leagues.selectors.drivers import driver_for_user
from leagues.selectors.seasons import current_season
from leagues.tables import StandingTable
from leagues.views.rounds import season_or_404

FILTER_FIELDS = ("season", "region", "league", "tier", "scope")
# The page's other contents (season names, navigation) may lag this long behind.
SHARED_PAGE_SECONDS = 60
CSRF_PLACEHOLDER = "csrf-token-of-the-visitor"
CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def _shared_page_key(request) -> str | None:
    """The cache key of a page all anonymous visitors share, or None for a personal page."""
    personal = (settings.SESSION_COOKIE_NAME, "messages")
    if (
        request.method != "GET"
        or "find" in request.GET
        or any(c in request.COOKIES for c in personal)
    ):
        return None
    newest = Publication.objects.filter(status=Publication.Status.PUBLISHED).aggregate(
        newest=Max("pk")
    )["newest"]
    where = hashlib.sha1(request.get_full_path().encode()).hexdigest()
    zone = timezone.get_current_timezone_name()
    return f"standings:page:{newest}:{translation.get_language()}:{zone}:{where}"


def shared_for_anonymous(view):
    """Serve ``view``'s page from the cache to anonymous visitors, with their own CSRF token."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = _shared_page_key(request)
        if key is not None:
            page = cache.get(key)
            if page is not None:
                return HttpResponse(page.replace(CSRF_PLACEHOLDER, get_token(request)))
        response = view(request, *args, **kwargs)
        if key is not None and response.status_code == 200 and not response.streaming:
            page = CSRF_FIELD.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode())
            cache.set(key, page, SHARED_PAGE_SECONDS)
        return response

    return wrapper


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


@shared_for_anonymous
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
    return render(request, "leagues/standings.html", context)


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
