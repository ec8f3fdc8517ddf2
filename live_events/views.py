"""Public live-event pages, predictions and the organisers' finalist page. Thin: each reads
the request, calls a selector or a service, renders."""

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leagues.exceptions import RuleViolation
from leagues.selectors.seasons import season_or_404
from live_events import rules
from live_events.forms import AddFinalistForm, DeclineForm, PredictionForm
from live_events.models import Broadcast, Finalist, LiveEvent, Session
from live_events.selectors import live, pages
from live_events.selectors.common import live_season, live_settings
from live_events.selectors.teams import TeamRow
from live_events.services import finalists as finalist_services
from live_events.services.predictions import make_prediction
from live_events.services.watching import credit_watching
from live_events.tables import ChampionshipTable, LeaderboardTable, TeamTable, WorldFinalTable


def hub(request):
    """The live hub: the event on now or next, what runs now, the championship, the
    open prediction, the broadcasts, the last podium."""
    state = live.hub(timezone.now())
    running_until = (
        rules.session_end(state.running.starts_at, state.running.ends_at) if state.running else None
    )
    return render(request, "live_events/hub.html", {"hub": state, "running_until": running_until})


def timing_snapshot(request, session_id):
    """A session's live timing as the pages poll it: read from the cache, no query (the
    view touches neither the session nor the user)."""
    text = live.snapshot_json(session_id)
    if text is None:
        return JsonResponse({"error": "No such session."}, status=404)
    response = HttpResponse(text, content_type="application/json")
    response["Cache-Control"] = "public, max-age=2"
    return response


def event_list(request):
    label = request.GET.get("season")
    season = season_or_404(label) if label else live_season()
    events = pages.calendar(season) if season else []
    settings = live_settings(season) if season else None
    return render(
        request,
        "live_events/event_list.html",
        {"season": season, "events": events, "live_format": settings},
    )


def event_detail(request, slug):
    event = get_object_or_404(LiveEvent.objects.select_related("season__live_settings"), slug=slug)
    page = pages.event_page(event)
    mine = pages.user_predictions(request.user, event)
    now = timezone.now()
    forms = {}
    for view in page.sessions:
        session = view.session
        if session.is_race and view.grid and now < session.starts_at:
            current = mine.get(session.pk)
            initial = (
                {
                    "winner": current.winner_id,
                    "second": current.second_id,
                    "third": current.third_id,
                }
                if current
                else None
            )
            forms[session.pk] = PredictionForm(grid=view.grid, initial=initial, prefix=session.pk)
    sessions = [
        {
            "view": v,
            "form": forms.get(v.session.pk),
            "mine": mine.get(v.session.pk),
            "live": live.snapshot(v.session.pk) if v.session.is_live_at(now) else None,
            "live_until": rules.session_end(v.session.starts_at, v.session.ends_at),
        }
        for v in page.sessions
    ]
    return render(
        request,
        "live_events/event_detail.html",
        {
            "page": page,
            "event": event,
            "sessions": sessions,
            "team_table": _team_table(page.team_rows),
        },
    )


@login_required
@require_POST
def predict(request, slug, session_id):
    session = get_object_or_404(
        Session.objects.select_related("event"), pk=session_id, event__slug=slug
    )
    form = PredictionForm(
        request.POST, grid=session.grid.select_related("driver"), prefix=session.pk
    )
    if not form.is_valid():
        messages.error(request, _("Pick a winner from the grid."))
        return redirect(session.event)
    try:
        make_prediction(user=request.user, session=session, **form.cleaned_data)
    except RuleViolation as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Your prediction for %(race)s is saved.") % {"race": session.name}
        )
    return redirect(session.event)


@require_POST
def watch(request, slug, language):
    """Open a broadcast's stream; a signed-in viewer earns the event's watch credits once."""
    broadcast = get_object_or_404(
        Broadcast.objects.select_related("event").exclude(stream_url=""),
        event__slug=slug,
        language=language,
    )
    if credit_watching(user=request.user, broadcast=broadcast):
        messages.success(
            request,
            _("%(credits)s credits for watching %(event)s are yours.")
            % {"credits": intcomma(broadcast.event.watch_credits), "event": broadcast.event.name},
        )
    return redirect(broadcast.stream_url)


def championship(request, label):
    season = season_or_404(label)
    table = pages.championship(season)
    wide = {"td": {"class": "num wide-only"}, "th": {"class": "num wide-only"}}
    round_columns = [
        (f"event_{index}", tables.Column(verbose_name=event.city, attrs=wide))
        for index, event in enumerate(table.rounds)
    ]
    rows = [
        {
            "rank": row.rank,
            "driver": row.driver.display_name,
            "country": row.driver.country.name,
            "country_code": row.driver.country_id,
            "total": row.total,
            "detail": [(event.city, points) for event, points in zip(table.rounds, row.per_event)],
            **{f"event_{i}": points for i, points in enumerate(row.per_event)},
        }
        for row in table.rows
    ]
    race_columns = [
        (f"race_{index}", tables.Column(verbose_name=race.display_name, attrs=wide))
        for index, race in enumerate(table.final_races)
    ]
    final_rows = [
        {
            "rank": row.rank,
            "driver": row.driver.display_name,
            "country": row.driver.country.name,
            "country_code": row.driver.country_id,
            "carried": row.carried,
            "total": row.total,
            "grand_final": row.grand_final_position or "",
            "detail": [
                (_("Carried"), row.carried),
                *((race.display_name, p) for race, p in zip(table.final_races, row.per_event)),
            ],
            **{f"race_{i}": points for i, points in enumerate(row.per_event)},
        }
        for row in table.final_rows
    ]
    context = {
        "season": season,
        "championship": table,
        "table": ChampionshipTable(
            rows,
            extra_columns=round_columns,
            sequence=("rank", "driver", "country", "...", "total"),
        ),
        "final_table": WorldFinalTable(
            final_rows,
            extra_columns=race_columns,
            sequence=("rank", "driver", "country", "carried", "...", "total", "grand_final"),
        )
        if table.final
        else None,
        "team_table": _team_table(table.team_rows),
        "final_team_table": _team_table(table.final_team_rows),
    }
    return render(request, "live_events/championship.html", context)


def _team_table(rows: list[TeamRow]) -> TeamTable | None:
    if not rows:
        return None
    return TeamTable(
        [
            {
                "rank": row.rank,
                "team": row.team.name,
                "team_code": row.team.country_id,
                "nation": row.team.country.name,
                "drivers": ", ".join(d.display_name for d in row.drivers),
                "total": row.total,
            }
            for row in rows
        ]
    )


def finalists(request, label):
    season = season_or_404(label)
    return render(
        request,
        "live_events/finalists.html",
        {"season": season, "cards": pages.finalist_cards(season)},
    )


def leaderboard(request, label):
    season = season_or_404(label)
    rows = [
        {**row, "rank": rank} for rank, row in enumerate(pages.prediction_leaderboard(season), 1)
    ]
    table = LeaderboardTable(rows)
    tables.RequestConfig(request).configure(table)
    return render(request, "live_events/leaderboard.html", {"season": season, "table": table})


@login_required
@permission_required("live_events.change_finalist", raise_exception=True)
def manage_finalists(request, label):
    season = season_or_404(label)
    add_form = AddFinalistForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            add_form = AddFinalistForm(request.POST)
            if add_form.is_valid():
                _run(
                    request,
                    lambda: finalist_services.add_finalist_by_hand(
                        season=season,
                        driver=add_form.driver,
                        source=add_form.cleaned_data["source"],
                        note=add_form.cleaned_data["note"],
                        eligibility_override=add_form.cleaned_data["eligibility_override"],
                    ),
                    _("Driver added."),
                )
                return redirect("live_events:manage_finalists", label=label)
        elif action == "decline":
            form = DeclineForm(request.POST)
            if form.is_valid():
                finalist = get_object_or_404(
                    Finalist, pk=form.cleaned_data["finalist"], season=season
                )
                _run(
                    request,
                    lambda: finalist_services.decline_finalist(
                        finalist=finalist, note=form.cleaned_data["note"]
                    ),
                    _("Marked as declined; the next eligible driver moved up."),
                )
            return redirect("live_events:manage_finalists", label=label)
        elif action in {"propose", "confirm", "reopen"}:
            service = {
                "propose": finalist_services.propose_finalists,
                "confirm": finalist_services.confirm_finalists,
                "reopen": finalist_services.reopen_finalists,
            }[action]
            _run(request, lambda: service(season=season), _("Done."))
            return redirect("live_events:manage_finalists", label=label)
    return render(
        request,
        "live_events/manage_finalists.html",
        {
            "season": season,
            "settings": live_settings(season),
            "by_region": pages.finalist_review(season),
            "add_form": add_form,
        },
        status=400 if add_form.errors else 200,
    )


def _run(request, work, success: str) -> None:
    try:
        work()
    except RuleViolation as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
