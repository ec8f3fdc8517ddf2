"""Reads: everything the site holds about one account, as the download gives it."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from privacy.registry import HOLDINGS, Holding

EXPORT_FORMAT = 1


def holding_rows(holding: Holding, *, user) -> list[dict[str, Any]]:
    """The rows of one holding that belong to ``user``, every exported column, by id."""
    model = apps.get_model(holding.model)
    columns = [
        f.attname for f in model._meta.concrete_fields if f.name not in holding.never_exported
    ]
    rows = model._default_manager.filter(**{holding.owner: user.pk}).order_by("pk")
    return list(rows.values(*columns))


def personal_data(*, user) -> dict[str, Any]:
    """One document with every row of every holding that is about ``user``, and no one else's."""
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "account_id": user.pk,
    }
    for holding in HOLDINGS:
        document[holding.section] = holding_rows(holding, user=user)
    return document


def retention_periods() -> dict[str, int]:
    """How long what expires is kept, as the privacy page says it (from the settings)."""
    return {
        "login_history_days": settings.RETAIN_LOGIN_HISTORY_DAYS,
        "upload_hours": settings.RETAIN_UPLOADS_HOURS,
        "session_idle_hours": max(1, settings.SESSION_IDLE_SECONDS // 3600),
        "idempotency_key_days": settings.RETAIN_IDEMPOTENCY_KEYS_DAYS,
        "throttle_minutes": max(1, settings.LOGIN_THROTTLE_SECONDS // 60),
    }
