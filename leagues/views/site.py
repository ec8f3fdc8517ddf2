from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from leagues import rules
from leagues.models import Season
from leagues.selectors.drivers import driver_for_user
from leagues.selectors.history import season_archive
from leagues.selectors.home import my_nations_cup, visitor_home
from leagues.selectors.rulebook import own_lobby_sof, rulebook
from leagues.selectors.seasons import current_season, season_by_label
from leagues.views.shared_pages import shared_for_anonymous


def home(request):
    """My Nations Cup for a signed-in driver; the season at a glance for everyone else."""
    driver = driver_for_user(request.user)
    if driver is not None:
        context = {"my": my_nations_cup(driver=driver), "today": timezone.localdate()}
        return render(request, "leagues/my_nations_cup.html", context)
    return _visitor_home(request)


@shared_for_anonymous()
def _visitor_home(request):
    return render(request, "leagues/home.html", {"home": visitor_home()})


def healthz(request):
    """Liveness for load balancers: answers once the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def seasons(request):
    """The season archive: every season with its podiums."""
    return render(request, "leagues/season_list.html", {"archive": season_archive()})


SOF_FORM_MAX = rules.DR_MAX


def rules_page(request):
    """How points, the last-race rule, best rounds, ties, medals and rewards work."""
    label = request.GET.get("season", "")
    season = None
    if label:
        try:
            season = season_by_label(label)
        except Season.DoesNotExist as missing:
            raise Http404(str(missing)) from missing
    season = season or current_season()
    sof, own = None, False
    asked = request.GET.get("sof", "").strip().replace(",", "").replace(" ", "")
    if asked:
        if not (asked.isascii() and asked.isdigit() and int(asked[:7]) <= SOF_FORM_MAX):
            error = _("A lobby's strength is a whole number of DR points from 0 to %(max)s.") % {
                "max": number_format(SOF_FORM_MAX, force_grouping=True)
            }
            book = rulebook(season=season, sof=None, sof_is_own=False)
            context = {"book": book, "sof_error": error, "asked": asked[:12]}
            return render(request, "leagues/rules.html", context, status=400)
        sof = int(asked[:7])
    else:
        sof = own_lobby_sof(driver_for_user(request.user))
        own = sof is not None
    book = rulebook(season=season, sof=sof, sof_is_own=own)
    return render(request, "leagues/rules.html", {"book": book, "asked": asked})
