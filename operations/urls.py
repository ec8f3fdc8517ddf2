from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("readyz", views.readiness, name="readiness"),
    path("metrics", views.prometheus, name="metrics"),
]
