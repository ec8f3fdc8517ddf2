"""Mounted at ``api/v1/``; ``results/lobby`` (the race servers' POST) is in leagues.urls."""

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
    path("docs/", views.docs, name="docs"),
    path("seasons", views.season_list, name="season_list"),
    path("seasons/<str:season>", views.season_detail, name="season_detail"),
    path("seasons/<str:season>/rounds", views.round_list, name="round_list"),
    path("seasons/<str:season>/rounds/<int:number>", views.round_detail, name="round_detail"),
    path(
        "seasons/<str:season>/rounds/<int:number>/results",
        views.round_results,
        name="round_results",
    ),
    path(
        "seasons/<str:season>/standings/<str:league>/<str:tier>/<str:scope>",
        views.standings,
        name="standings",
    ),
    path("seasons/<str:season>/drivers/<str:online_id>", views.driver_season, name="driver_season"),
    path("drivers", views.driver_list, name="driver_list"),
    path("drivers/<str:online_id>", views.driver_detail, name="driver_detail"),
    path("live-events", views.live_event_list, name="live_event_list"),
    path("live-events/<slug:slug>", views.live_event_detail, name="live_event_detail"),
]
