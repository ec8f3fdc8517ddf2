from django.urls import path

from . import views

app_name = "live_events"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("events/", views.event_list, name="event_list"),
    path("timing/<int:session_id>.json", views.timing_snapshot, name="timing_snapshot"),
    path("event/<slug:slug>/", views.event_detail, name="event_detail"),
    path("event/<slug:slug>/predict/<int:session_id>/", views.predict, name="predict"),
    path("event/<slug:slug>/watch/<str:language>/", views.watch, name="watch"),
    path("season/<str:label>/championship/", views.championship, name="championship"),
    path("season/<str:label>/finalists/", views.finalists, name="finalists"),
    path(
        "season/<str:label>/finalists/manage/",
        views.manage_finalists,
        name="manage_finalists",
    ),
    path("season/<str:label>/predictions/", views.leaderboard, name="leaderboard"),
]
