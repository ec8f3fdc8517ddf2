"""Driver pages: sign up, own profile, registering for a season, public profiles."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from leagues.exceptions import RuleViolation
from leagues.forms import ClaimForm, ConfirmRegistrationForm, DriverProfileForm, SignUpForm
from leagues.models import Driver, Season, SeasonStatus
from leagues.selectors import drivers as selectors
from leagues.selectors.discipline import suspension_on
from leagues.selectors.honours import driver_honours
from leagues.selectors.seasons import season_or_404
from leagues.services import email_confirmation
from leagues.services.identity import claim_online_id
from leagues.services.pages import pages_changed
from leagues.services.registrations import register_driver
from leagues.tables import DriverTable
from leagues.views.history import career_context
from leagues.views.shared_pages import shared_for_anonymous
from live_events.selectors.live import live_credits
from stewarding.selectors.cases import driver_cases, licence_of

RESEND_AFTER = dt.timedelta(minutes=1)


def signup(request):
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        email_confirmation.send_confirmation(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _(
                "Welcome! We sent a link to %(email)s: follow it to confirm your address "
                "before you register for a season. Now tell us who you are on track."
            )
            % {"email": user.email},
        )
        return redirect("leagues:profile")
    return render(request, "registration/signup.html", {"form": form})


def confirm_email(request, token: str):
    """The link of the confirmation email: it works signed in or not."""
    try:
        email_confirmation.confirm_email(token=token)
    except RuleViolation as error:
        return render(
            request, "registration/confirm_email.html", {"error": error.messages[0]}, status=400
        )
    messages.success(request, _("Your email address is confirmed."))
    return redirect("leagues:me" if request.user.is_authenticated else "login")


@login_required
@require_POST
def resend_confirmation(request):
    pending = selectors.pending_email(request.user)
    if pending is None:
        messages.info(request, _("Your email address is already confirmed."))
    elif timezone.now() - pending.sent_at < RESEND_AFTER:
        messages.info(request, _("We have just sent a link; check your inbox (and spam folder)."))
    else:
        email_confirmation.send_confirmation(user=request.user)
        messages.success(request, _("We sent a new link to %(email)s.") % {"email": pending.email})
    return redirect("leagues:me")


@login_required
def profile(request):
    driver = selectors.driver_for_user(request.user) or Driver(user=request.user)
    form = DriverProfileForm(request.POST if request.method == "POST" else None, instance=driver)
    if request.method == "POST" and form.is_valid():
        form.save()
        pages_changed()
        messages.success(request, _("Your profile is saved."))
        return redirect("leagues:me")
    return render(request, "leagues/profile_form.html", {"form": form, "is_new": driver.pk is None})


@login_required
def claim(request):
    """Make an online id's profile (with its history) this account's, with the game's code."""
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            driver = claim_online_id(
                user=request.user,
                online_id=form.cleaned_data["online_id"],
                code=form.cleaned_data["code"],
            )
        except RuleViolation as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(online_id)s is now yours.") % {"online_id": driver.online_id}
            )
            return redirect("leagues:me")
    status = 400 if form.errors else 200
    context = {"form": form, "minutes": settings.CLAIM_CODE_MINUTES}
    return render(request, "leagues/claim.html", context, status=status)


@login_required
def me(request):
    driver = selectors.driver_for_user(request.user)
    if driver is None:
        return redirect("leagues:profile")
    today = timezone.now().date()
    suspension = suspension_on(driver=driver, day=today)
    entries = selectors.season_entries(driver=driver, on=today, suspension=suspension)
    entered = {entry.registration.season_id for entry in entries}
    return render(
        request,
        "leagues/me.html",
        {
            "driver": driver,
            "entries": entries,
            "live_credits": live_credits(request.user),
            "cases": driver_cases(driver=driver)[:20],
            "suspension": suspension,
            "licence": licence_of(driver=driver, now=timezone.now()),
            # Only seasons the driver may still register for: no Register button that
            # leads to "you are already registered".
            "open_seasons": [
                season
                for season in Season.objects.exclude(status=SeasonStatus.CLOSED)
                if season.pk not in entered and season.registration_refusal(timezone.now()) is None
            ],
        },
    )


@login_required
def register(request, season: str):
    chosen = season_or_404(season)
    driver = selectors.driver_for_user(request.user)
    if driver is None:
        messages.info(request, _("Fill in your driver profile before registering."))
        return redirect("leagues:profile")
    pending = selectors.pending_email(request.user)
    if pending is not None:
        return render(request, "registration/confirm_email.html", {"pending": pending}, status=403)
    preview = selectors.registration_preview(driver=driver, season=chosen, now=timezone.now())
    form = ConfirmRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = register_driver(driver=driver, season=chosen)
        except RuleViolation as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("You are registered for the %(season)s in %(league)s.")
                % {"season": chosen, "league": registration.league},
            )
            return redirect("leagues:me")
    status = 400 if form.errors else 200
    return render(
        request, "leagues/register.html", {"preview": preview, "form": form}, status=status
    )


def driver_list(request):
    query = request.GET.get("q", "").strip()
    table = DriverTable(selectors.driver_search(query))
    RequestConfig(request).configure(table)
    return render(request, "leagues/driver_list.html", {"table": table, "query": query})


@shared_for_anonymous()
def driver_detail(request, online_id: str):
    driver = selectors.driver_page(online_id)
    if driver is None:
        raise Http404
    today = timezone.now().date()
    suspension = suspension_on(driver=driver, day=today)
    entries = selectors.season_entries(driver=driver, on=today, suspension=suspension)
    registrations = [entry.registration for entry in entries]
    return render(
        request,
        "leagues/driver_detail.html",
        {
            **career_context(driver, registrations=registrations),
            "driver": driver,
            "entries": entries,
            "suspension": suspension,
            "honours": driver_honours(driver),
            "licence": licence_of(driver=driver, now=timezone.now()),
        },
    )


@require_GET
def areas(request):
    """Main and secondary areas of one country, for the profile form's select lists."""
    return JsonResponse({"main_areas": selectors.areas_of_country(request.GET.get("country", ""))})
