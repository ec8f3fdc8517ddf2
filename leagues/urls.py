from django.urls import path

from .views import site

app_name = "leagues"

urlpatterns = [
    path("", site.home, name="home"),
    path("healthz", site.healthz, name="healthz"),
]
