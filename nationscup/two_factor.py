"""Two-factor login for staff (django-otp, TOTP): a password alone never acts as staff.

After either login (the site's or the admin's), a staff account's session is not
verified yet: ``StaffTwoFactorMiddleware`` sends it to type the current code of
its authenticator app, or, with no confirmed device, to set one up first. Staff
are accounts with *Staff status*, superusers and members of a staff role
(``leagues/roles.py``). ``STAFF_TWO_FACTOR=0`` turns the second step off (``make
run``'s demo and the test suite; never in production).
"""

import base64
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login  # type: ignore[import-untyped]  # no types
from django_otp import match_token
from django_otp.plugins.otp_totp.models import (  # type: ignore[import-untyped]  # no types
    TOTPDevice,
)

# Pages a staff session may open before its second step: the step itself, leaving.
OPEN_URL_NAMES = {"two_factor_verify", "two_factor_setup", "logout", "set_language"}


def needs_second_step(user) -> bool:
    """A signed-in staff account whose session has not passed the second step."""
    if not settings.STAFF_TWO_FACTOR or not user.is_authenticated or user.is_verified():
        return False
    return user.is_staff or user.is_superuser or user.groups.exists()


class StaffTwoFactorMiddleware:
    """Send a staff session that only gave its password to the second step."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_second_step(request.user) and not self._open(request):
            has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
            target = reverse("two_factor_verify" if has_device else "two_factor_setup")
            return redirect(f"{target}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        if request.path.startswith(settings.STATIC_URL or "/static/"):
            return True
        try:
            return resolve(request.path_info).url_name in OPEN_URL_NAMES
        except Resolver404:  # an unknown path: the 404 page reveals nothing
            return True


class CodeForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("admin:index") if request.user.is_staff else "/"


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: the current code of one of the account's confirmed devices."""
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error(
            "token", "That code is not right (or has expired, or came too fast after a wrong one)."
        )
    status = 400 if form.errors else 200
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next(request)},
        status=status,
    )


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Add the account's authenticator app: its key, then one code from it to confirm."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("two_factor_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Authenticator app", confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_is_allowed()[0] and device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "Two-factor login is set up for your account.")
            return redirect(_next(request))
        form.add_error("token", "That code is not right; type the one the app shows now.")
    key = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor_setup.html",
        {"form": form, "key": key, "config_url": device.config_url, "next": _next(request)},
        status=400 if form.errors else 200,
    )
