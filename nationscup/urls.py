from django.contrib import admin
from django.urls import include, path

from nationscup import two_factor
from nationscup.accounts import PasswordResetConfirmView, PasswordResetView
from nationscup.views import favicon, time_zone

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/two-factor/", two_factor.verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("time-zone/", time_zone, name="time_zone"),
    path("live/", include("live_events.urls")),
    path("me/notifications/", include("notifications.urls")),
    path("api/v1/", include("api.urls")),
    path("", include("stewarding.urls")),
    path("", include("calendars.urls")),
    path("", include("privacy.urls")),
    path("", include("operations.urls")),
    path("", include("leagues.urls")),
]
