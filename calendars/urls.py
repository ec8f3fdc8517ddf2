from django.urls import path

from . import feeds

app_name = "calendars"

urlpatterns = [
    path("seasons/<str:season>/calendar.ics", feeds.season_feed, name="season_calendar"),
    path("seasons/<str:season>/live.ics", feeds.live_feed, name="live_calendar"),
]
