from django.urls import include, path

from .views import drivers, rounds, site, standings

app_name = "leagues"

urlpatterns = [
    path("", site.home, name="home"),
    path("healthz", site.healthz, name="healthz"),
    path("rules/", site.rules_page, name="rules"),
    path("accounts/signup/", drivers.signup, name="signup"),
    path("accounts/confirm-email/<str:token>/", drivers.confirm_email, name="confirm_email"),
    path("accounts/confirm-email/", drivers.resend_confirmation, name="resend_confirmation"),
    path("me/", drivers.me, name="me"),
    path("me/profile/", drivers.profile, name="profile"),
    path("areas.json", drivers.areas, name="areas"),
    path("drivers/", drivers.driver_list, name="driver_list"),
    path("drivers/<str:online_id>/", drivers.driver_detail, name="driver_detail"),
    path("seasons/<str:season>/register/", drivers.register, name="register"),
    path("seasons/", site.seasons, name="season_list"),
    path("seasons/<str:season>/", rounds.season_detail, name="season_detail"),
    path("seasons/<str:season>/rounds/<int:number>/", rounds.round_detail, name="round_detail"),
    path(
        "seasons/<str:season>/drivers/<str:online_id>/", rounds.driver_season, name="driver_season"
    ),
    path("seasons/<str:season>/payouts/", include("leagues.payout_urls")),
    path("standings/", standings.standings, name="standings"),
    path("standings.csv", standings.standings_csv, name="standings_csv"),
]
