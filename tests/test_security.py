"""Production settings, headers, error pages and the audit trail (throttles: test_throttle.py)."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import include, path, reverse

from leagues import roles
from leagues.models import Round, StaffAction
from leagues.tests.factories import SeasonFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-battery"


def boom(request):
    raise RuntimeError("secret internals")


# The site's own URLs too: the error pages link back to it.
urlpatterns = [path("boom/", boom), path("", include("nationscup.urls"))]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _production_env(**extra) -> dict:
    unset = {"DEBUG", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "nationscup.settings",
            "SECRET_KEY": "x9" * 30 + "-production-like-secret-key-for-the-deploy-check",
            "ALLOWED_HOSTS": "nationscup.example",
            **extra,
        }
    )
    env.pop("SECURE_SSL_REDIRECT", None)
    env.pop("SECURE_HSTS_SECONDS", None)
    return env


def test_check_deploy_reports_nothing_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_strict_by_default():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'X_FRAME_OPTIONS', 'CONTENT_SECURITY_POLICY')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert "default-src 'self'" in values["CONTENT_SECURITY_POLICY"]


@pytest.mark.django_db
def test_pages_are_sent_with_hsts_csp_and_the_other_security_headers(client):
    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_admin_is_served_under_the_same_policy(admin_client):
    response = admin_client.get(reverse("admin:leagues_round_add"))
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_no_template_has_inline_script_or_event_handlers_the_policy_would_block():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|javascript:", re.I)
    offenders = [
        f"{template.relative_to(ROOT)}: {match.group(0)}"
        for template in (ROOT / "templates").rglob("*.html")
        for match in inline.finditer(template.read_text())
        if "application/json" not in match.group(0)
    ]
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.urls("tests.test_security")
def test_an_error_shows_no_debug_page(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False

    error = client.get("/boom/")
    missing = client.get("/no-such-page/")

    assert error.status_code == 500 and missing.status_code == 404
    for response in (error, missing):
        assert b"secret internals" not in response.content
        assert b"Traceback" not in response.content
        assert b"URLconf" not in response.content


# Audit trail


@pytest.fixture
def organiser():
    user = UserFactory(username="organiser", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.ORGANISER))
    return user


@pytest.mark.django_db
def test_admin_edits_and_actions_are_logged_with_who_what_and_when(client, organiser, caplog):
    season = SeasonFactory(year=2025, slot_hours={})
    client.force_login(organiser)
    caplog.set_level(logging.INFO, logger="nationscup.audit")

    added = client.post(
        reverse("admin:leagues_round_add"),
        {
            "season": season.pk,
            "number": 1,
            "date": "2025-04-17",
            "track": "Spa",
            "car_category": "Gr.3",
            "race_kind": "sprint",
            "tuning": "open",
            "damage": "light",
            "tyre_wear": 1,
            "fuel_wear": 1,
            "laps_gt1": 10,
            "laps_gt2": 8,
            "laps_gt3": 6,
            "slots-TOTAL_FORMS": 0,
            "slots-INITIAL_FORMS": 0,
        },
    )
    assert added.status_code == 302, added.content.decode()[:3000]
    round_ = Round.objects.get(season=season)
    entry = LogEntry.objects.get(object_id=str(round_.pk))
    assert entry.user == organiser and entry.action_time is not None

    client.post(
        reverse("admin:leagues_round_changelist"),
        {
            "action": "close_rounds_action",
            "_selected_action": [round_.pk],
            "confirmed": "yes",
            "acknowledge": "yes",
        },
    )
    staff_action = StaffAction.objects.get(action="close round")
    assert staff_action.user == organiser and staff_action.at is not None
    lines = [r.getMessage() for r in caplog.records if r.name == "nationscup.audit"]
    assert any("organiser" in line and "close_rounds_action" in line for line in lines)
    assert any("organiser" in line and "/admin/leagues/round/add/" in line for line in lines)


def test_the_cache_degrades_to_a_miss_while_redis_is_unreachable():
    from nationscup.cache import ResilientRedisCache

    cache = ResilientRedisCache(
        "redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
    )

    assert cache.get("page", "missing") == "missing"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("count", 1) is False
    cache.set("page", "html")
    cache.delete("page")
    with pytest.raises(ValueError):
        cache.incr("count")
