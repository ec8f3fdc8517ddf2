"""What a championship remembers: the nations table, careers, head to head, the hall of fame."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from leagues import rules
from leagues.models import Driver, Registration
from leagues.models.drivers import online_id_validator
from leagues.selectors.careers import Career, career, head_to_head, rating_history
from leagues.selectors.charts import career_chart
from leagues.selectors.dumps import download_name, stored_dump
from leagues.selectors.history import online_hall_of_fame
from leagues.selectors.nations import nations_table
from leagues.selectors.seasons import season_or_404
from leagues.selectors.standings import published_publication
from leagues.tables import NationTable
from leagues.views.shared_pages import shared_for_anonymous
from live_events.selectors.careers import event_results
from live_events.selectors.history import live_hall_of_fame


@shared_for_anonymous(params=("league",))
def nations(request, season: str):
    """One league's nations table of a season's published standings."""
    chosen = season_or_404(season)
    league = request.GET.get("league") or rules.LEAGUES[0]
    context = {"season": chosen, "league": league, "leagues": rules.LEAGUES}
    if league not in rules.LEAGUES:
        context["error"] = _("There is no league %(league)s: choose GT1, GT2 or GT3.") % {
            "league": league[:8]
        }
        return render(request, "leagues/nations.html", context, status=400)
    publication = published_publication(chosen)
    if publication is not None:
        rows = nations_table(publication=publication, league=league)
        context.update(
            publication=publication,
            table=NationTable(rows, season_label=chosen.label) if rows else None,
        )
    return render(request, "leagues/nations.html", context)


def _medal_counts(one: Career) -> list[tuple[str, int]]:
    counts = one.medals
    return [(medal, counts[medal]) for medal, _percent in rules.MEDAL_PERCENTS if counts[medal]]


def career_context(driver: Driver, *, registrations: list[Registration] | None = None) -> dict:
    """What the profile's career section shows (``partials/career.html``); ``registrations``:
    the driver's, with their seasons, when the caller has read them already."""
    one = career(driver=driver, registrations=registrations)
    return {
        "career": one,
        "career_medals": _medal_counts(one),
        "career_chart": career_chart(seasons=one.seasons),
        "live_results": event_results(drivers=[driver]).get(driver.pk, []),
        "rating_history": rating_history(driver=driver),
    }


def _asked_driver(value: str, which: str) -> tuple[Driver | None, str, int]:
    """The driver an ``a``/``b`` parameter names, or why not and the status to answer."""
    value = value.strip()
    try:
        online_id_validator(value)
    except ValidationError:
        reason = _("%(which)s: an online id is 3 to 32 letters, digits, '-' or '_'.")
        return None, reason % {"which": which}, 400
    driver = Driver.objects.filter(online_id=value).select_related("country").first()
    if driver is None:
        return None, _("%(which)s: there is no driver %(id)s.") % {"which": which, "id": value}, 404
    return driver, "", 200


@shared_for_anonymous(params=("a", "b"))
def compare(request):
    """Two drivers head to head: ``?a=<online_id>&b=<online_id>``."""
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    context: dict = {"a": a[:32].replace("\x00", ""), "b": b[:32].replace("\x00", "")}
    if not a and not b:
        return render(request, "leagues/compare.html", context)
    first, reason_a, status_a = _asked_driver(a, "a")
    second, reason_b, status_b = _asked_driver(b, "b")
    errors = [reason for reason in (reason_a, reason_b) if reason]
    if first is not None and second is not None and first.pk == second.pk:
        errors.append(_("Choose two different drivers."))
    if errors:
        context["errors"] = errors
        status = 400 if 400 in (status_a, status_b) or first == second else 404
        return render(request, "leagues/compare.html", context, status=status)
    assert first is not None and second is not None  # no errors: both found
    duel = head_to_head(first=first, second=second)
    live = event_results(drivers=[first, second])
    first_events = {result.event.pk: result for result in live.get(first.pk, [])}
    context.update(
        duel=duel,
        live_in_common=[
            (first_events[result.event.pk], result)
            for result in live.get(second.pk, [])
            if result.event.pk in first_events
        ],
    )
    return render(request, "leagues/compare.html", context)


@shared_for_anonymous()
def hall_of_fame(request):
    """World champions, nations' team titles, regional champions, the most titles and wins."""
    context = {"online": online_hall_of_fame(), "live": live_hall_of_fame()}
    return render(request, "leagues/hall_of_fame.html", context)


def season_dump(request, season: str):
    """The season's public data dump, as the worker wrote it for the published standings."""
    chosen = season_or_404(season)
    publication = published_publication(chosen)
    name = stored_dump(publication=publication) if publication else None
    if publication is None or name is None:
        explanation = (
            _("No standings of the %(season)s have been published yet.") % {"season": chosen}
            if publication is None
            else _("The data of the latest publication is being prepared; try again in a minute.")
        )
        context = {"code": 404, "heading": _("No data file yet"), "explanation": explanation}
        return render(request, "partials/error_page.html", context, status=404)
    response = FileResponse(
        default_storage.open(name), as_attachment=True, filename=download_name(publication)
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
