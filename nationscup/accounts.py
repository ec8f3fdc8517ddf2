"""Django's password reset, throttled: emails per address are limited, a reset lifts a lock-out."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect

from nationscup import throttle


class PasswordResetView(auth_views.PasswordResetView):
    """Send at most ``RATE_LIMITS["password_reset_email"]`` reset emails to one address.

    Over the limit the page says the same as always, so it tells nobody
    whether the address has an account.
    """

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if throttle.rate_limited("password_reset_email", throttle.account_key(email)):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password from a reset link lifts the account's lock-out and knows this device."""

    def form_valid(self, form):
        response = super().form_valid(form)
        username = form.user.get_username()
        throttle.lift_account_lockout(username)
        throttle.remember_device(self.request, throttle.account_key(username))
        return response
