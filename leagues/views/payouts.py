"""The payout pages for the "Payout staff" group: preview, confirm, the run, the ledger."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leagues import csvfiles
from leagues.exceptions import RuleViolation
from leagues.selectors import payouts as selectors
from leagues.selectors.seasons import season_or_404
from leagues.services import payouts as services
from leagues.services.audit import record_action
from leagues.tasks import queue_payout_run


def payout_staff_only(view):
    """Logged-in members of the payout group only; anyone else gets a 403."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not selectors.can_run_payouts(request.user):
            raise PermissionDenied(
                _("Only the %(group)s group may see payouts.") % {"group": selectors.PAYOUT_GROUP}
            )
        return view(request, *args, **kwargs)

    return wrapped


class ConfirmPayoutForm(forms.Form):
    """What the user saw (totals, final standings, reward table); the run starts only on that."""

    expected_awards = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    expected_credits = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    expected_publication = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    expected_table = forms.CharField(max_length=64, widget=forms.HiddenInput)


def _csv_response(rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csvfiles.csv_lines(csvfiles.PAYOUTS, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@payout_staff_only
def payout_preview(request, season: str):
    chosen = season_or_404(season)
    preview = selectors.payout_preview(season=chosen)
    status = 400 if preview.refusal else 200
    return render(request, "leagues/payouts/preview.html", {"preview": preview}, status=status)


@payout_staff_only
def payout_preview_csv(request, season: str):
    chosen = season_or_404(season)
    if selectors.payout_refusal(chosen):
        preview = selectors.payout_preview(season=chosen)
        return render(request, "leagues/payouts/preview.html", {"preview": preview}, status=400)
    return _csv_response(
        selectors.preview_rows(season=chosen), f"payouts-{chosen.label}-preview.csv"
    )


@payout_staff_only
def payout_confirm(request, season: str):
    chosen = season_or_404(season)
    preview = selectors.payout_preview(season=chosen)
    form = ConfirmPayoutForm(
        request.POST or None,
        initial={
            "expected_awards": preview.awards,
            "expected_credits": preview.credits,
            "expected_publication": preview.publication.pk if preview.publication else None,
            "expected_table": preview.table_digest,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the run and its queued job, or neither
                run = services.start_payout_run(
                    season=chosen, user=request.user, **form.cleaned_data
                )
                queue_payout_run(run)
        except RuleViolation as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The payout run has started."))
            return redirect("leagues:payout_run", season=chosen.label)
    status = 400 if preview.refusal or form.errors or request.method == "POST" else 200
    context = {"preview": preview, "form": form}
    return render(request, "leagues/payouts/confirm.html", context, status=status)


@payout_staff_only
def payout_run(request, season: str):
    chosen = season_or_404(season)
    run = selectors.payout_run(season=chosen)
    if run is None:
        raise Http404(_("No payout run for this season yet."))
    return render(request, "leagues/payouts/run.html", {"season": chosen, "run": run})


@require_POST
@payout_staff_only
def payout_resume(request, season: str):
    chosen = season_or_404(season)
    run = selectors.payout_run(season=chosen)
    if run is None:
        raise Http404(_("No payout run for this season yet."))
    with transaction.atomic():
        queue_payout_run(services.resume_payout_run(run=run, user=request.user))
    messages.success(request, _("The payout run is resuming; it pays only what is missing."))
    return redirect("leagues:payout_run", season=chosen.label)


@payout_staff_only
def payout_csv(request, season: str):
    chosen = season_or_404(season)
    if selectors.payout_run(season=chosen) is None:
        raise Http404(_("No payout run for this season yet."))
    record_action(user=request.user, action="export payouts", detail=chosen.label)
    return _csv_response(selectors.ledger_rows(season=chosen), f"payouts-{chosen.label}.csv")
