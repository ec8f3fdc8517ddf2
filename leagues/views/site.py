from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

from leagues.selectors.seasons import home_page, season_list


def home(request):
    return render(request, "leagues/home.html", {"page": home_page()})


def healthz(request):
    """Liveness for load balancers: answers once the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def seasons(request):
    return render(request, "leagues/season_list.html", {"seasons": season_list()})
