"""Pages of stewarding: a driver's protest and case, and the stewards' desk."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from leagues.exceptions import RuleViolation
from leagues.models import Lobby, Registration
from leagues.selectors.drivers import driver_for_user
from leagues.selectors.seasons import season_or_404
from stewarding import forms
from stewarding.selectors import cases as selectors
from stewarding.services.cases import add_statement, file_protest, open_review
from stewarding.services.decisions import decide

steward_only = permission_required("stewarding.add_decision", raise_exception=True)


def _refused(form, error: RuleViolation) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
def protest(request, season: str, number: int):
    chosen = season_or_404(season)
    round_ = get_object_or_404(chosen.rounds, number=number)
    driver = driver_for_user(request.user)
    registration = Registration.objects.filter(season=chosen, driver=driver).first()
    lobbies = (
        selectors.protestable_lobbies(registration=registration, round=round_)
        if registration
        else []
    )
    form = forms.ProtestForm(request.POST or None, lobbies=lobbies)
    if request.method == "POST" and form.is_valid():
        lobby_id, accused_id = form.target()
        try:
            case = file_protest(
                user=request.user,
                lobby=get_object_or_404(Lobby.objects.select_related("slot__round"), pk=lobby_id),
                accused=get_object_or_404(Registration, pk=accused_id, season=chosen),
                lap=form.cleaned_data["lap"],
                description=form.cleaned_data["description"],
                video_url=form.cleaned_data["video_url"],
            )
        except RuleViolation as error:
            _refused(form, error)
        else:
            messages.success(request, _("Your protest is filed; the stewards will decide it."))
            return redirect("stewarding:my_case", pk=case.pk)
    context = {"season": chosen, "round": round_, "form": form, "lobbies": lobbies}
    return render(request, "stewarding/protest_form.html", context)


@login_required
def my_case(request, pk: int):
    driver = driver_for_user(request.user)
    case = selectors.case_of_driver(driver=driver, pk=pk) if driver else None
    if case is None:
        raise Http404("No such case of yours.")
    is_accused = case.accused.driver_id == driver.pk  # type: ignore[union-attr]  # found by driver
    may_state = is_accused and case.is_open and not case.statements.all()
    form = forms.StatementForm(request.POST or None) if may_state else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            add_statement(user=request.user, case=case, text=form.cleaned_data["text"])
        except RuleViolation as error:
            _refused(form, error)
        else:
            messages.success(request, _("Your statement is recorded."))
            return redirect("stewarding:my_case", pk=case.pk)
    return render(request, "stewarding/my_case.html", {"case": case, "form": form})


@steward_only
def desk(request):
    context = {"queue": selectors.desk_queue(), "decided": selectors.recent_decisions()}
    return render(request, "stewarding/desk.html", context)


@steward_only
def case_detail(request, pk: int):
    case = selectors.case_for_desk(pk)
    if case is None:
        raise Http404("No such case.")
    form = forms.DecisionForm(request.POST or None) if case.is_open else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            decide(
                steward=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                places=form.cleaned_data["places"] or 0,
                licence_points=form.cleaned_data["licence_points"],
                reason=form.cleaned_data["reason"],
            )
        except RuleViolation as error:
            _refused(form, error)
        else:
            messages.success(request, _("Decision published; the standings are being updated."))
            return redirect("stewarding:case", pk=case.pk)
    context = {
        "case": case,
        "results": selectors.lobby_classification(lobby=case.lobby),
        "is_party": request.user.pk in {r.driver.user_id for r in case.parties()},
        "form": form,
    }
    return render(request, "stewarding/case_detail.html", context)


@steward_only
def review(request, lobby_id: int):
    lobby = get_object_or_404(Lobby.objects.select_related("slot__round__season"), pk=lobby_id)
    starters = [r.registration for r in selectors.lobby_classification(lobby=lobby)]
    form = forms.ReviewForm(request.POST or None, starters=starters)
    if request.method == "POST" and form.is_valid():
        try:
            case = open_review(
                steward=request.user,
                lobby=lobby,
                accused=next(r for r in starters if r.pk == form.cleaned_data["accused"]),
                lap=form.cleaned_data["lap"],
                description=form.cleaned_data["description"],
                video_url=form.cleaned_data["video_url"],
            )
        except RuleViolation as error:
            _refused(form, error)
        else:
            messages.success(request, _("Review opened."))
            return redirect("stewarding:case", pk=case.pk)
    return render(request, "stewarding/review_form.html", {"lobby": lobby, "form": form})
