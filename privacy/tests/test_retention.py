import datetime as dt
import os

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from leagues.models import LobbyPost, RaceServer
from leagues.tests.factories import UserFactory, race_server_token
from privacy import retention, tasks
from privacy.models import LoginEvent

pytestmark = pytest.mark.django_db


def sign_in_at(user, moment):
    event = LoginEvent.objects.create(user=user)
    LoginEvent.objects.filter(pk=event.pk).update(at=moment)
    return event


def test_login_history_older_than_its_setting_is_deleted(settings):
    settings.RETAIN_LOGIN_HISTORY_DAYS = 30
    now = timezone.now()
    user = UserFactory()
    old = sign_in_at(user, now - dt.timedelta(days=31))
    recent = sign_in_at(user, now - dt.timedelta(days=29))
    assert retention.purge_login_history(now=now) == 1
    assert list(LoginEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not LoginEvent.objects.filter(pk=old.pk).exists()


def test_an_import_file_never_confirmed_is_deleted_after_its_setting(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RETAIN_UPLOADS_HOURS = 24
    now = timezone.now()
    abandoned = default_storage.save("imports/" + "a" * 32 + ".csv", ContentFile(b"x"))
    fresh = default_storage.save("imports/" + "b" * 32 + ".csv", ContentFile(b"y"))
    stale = (now - dt.timedelta(hours=25)).timestamp()
    os.utime(default_storage.path(abandoned), (stale, stale))
    assert retention.purge_abandoned_uploads(now=now) == 1
    assert not default_storage.exists(abandoned) and default_storage.exists(fresh)


def test_no_upload_folder_is_nothing_to_delete(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert retention.purge_abandoned_uploads(now=timezone.now()) == 0


def test_expired_sessions_are_deleted_and_live_ones_kept():
    for days in (-1, 1):
        store = SessionStore()
        store.set_expiry(timezone.now() + dt.timedelta(days=days))
        store.save()
    assert retention.purge_expired_sessions(now=timezone.now()) == 1
    assert Session.objects.get().expire_date > timezone.now()


def test_race_servers_idempotency_keys_older_than_their_setting_are_deleted(settings):
    settings.RETAIN_IDEMPOTENCY_KEYS_DAYS = 7
    race_server_token()
    server = RaceServer.objects.get()
    for key, age in (("old", 8), ("recent", 6)):
        post = LobbyPost.objects.create(server=server, key=key, request_hash="0" * 64)
        posted_at = timezone.now() - dt.timedelta(days=age)
        LobbyPost.objects.filter(pk=post.pk).update(posted_at=posted_at)
    assert retention.purge_idempotency_keys(now=timezone.now()) == 1
    assert list(LobbyPost.objects.values_list("key", flat=True)) == ["recent"]


def test_the_daily_job_runs_every_purge_and_is_safe_to_run_twice(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sign_in_at(UserFactory(), timezone.now() - dt.timedelta(days=365))
    first = retention.apply_retention()
    assert first == {
        "login_history": 1,
        "abandoned_uploads": 0,
        "expired_sessions": 0,
        "idempotency_keys": 0,
        "webhook_events": 0,
    }
    assert set(retention.apply_retention().values()) == {0}


def test_beat_runs_the_retention_job_daily(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = settings.CELERY_BEAT_SCHEDULE["apply-retention"]
    assert entry["task"] == "privacy.tasks.apply_retention"
    assert tasks.apply_retention.name == entry["task"]
    assert set(tasks.apply_retention.delay().get().values()) == {0}
