"""Reads of outbound webhooks: what an event says, and which deliveries are due."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse

from leagues.models import Publication
from live_events.models import Session
from live_events.selectors.common import classification
from notifications.models import Webhook, WebhookDelivery
from notifications.webhooks import rules
from stewarding.models import Decision

DUE_BATCH = 500
PODIUM = 3


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def any_active_webhook() -> bool:
    return Webhook.objects.filter(active=True).exists()


def subscribers(kind: str) -> list[Webhook]:
    """The active webhooks told of ``kind`` (a handful: filtered here, not in JSON SQL)."""
    return [webhook for webhook in Webhook.objects.filter(active=True) if webhook.wants(kind)]


def due_deliveries(*, now: dt.datetime) -> list[int]:
    """Ids of the pending deliveries whose next try is due, oldest first."""
    return list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:DUE_BATCH]
    )


def with_delivery_counts(webhooks: QuerySet[Webhook]) -> QuerySet[Webhook]:
    """Each webhook with its deliveries counted by status and its latest try (admin list)."""
    Status = WebhookDelivery.Status
    return webhooks.annotate(
        delivered=Count("deliveries", filter=Q(deliveries__status=Status.DELIVERED)),
        pending=Count("deliveries", filter=Q(deliveries__status=Status.PENDING)),
        failed=Count("deliveries", filter=Q(deliveries__status=Status.FAILED)),
        last_try=Max("deliveries__tries__at"),
    )


def publication_events(publication: Publication) -> list[tuple[str, str, dict]]:
    """(kind, key, data) of a publication: its newest round (once per round) and itself."""
    season = publication.season
    events = []
    if publication.rounds_included:
        round_ = season.rounds.get(number=max(publication.rounds_included))
        path = reverse("leagues:round_detail", args=[season.label, round_.number])
        events.append(
            (
                rules.ROUND_PUBLISHED,
                f"round-{round_.pk}",
                {
                    "season": str(season),
                    "season_label": season.label,
                    "round": round_.number,
                    "track": round_.track,
                    "date": round_.date.isoformat(),
                    "url": site_url(path),
                },
            )
        )
    path = reverse("leagues:season_detail", args=[season.label])
    events.append(
        (
            rules.STANDINGS_PUBLISHED,
            f"publication-{publication.pk}",
            {
                "season": str(season),
                "season_label": season.label,
                "version": publication.version,
                "rounds": list(publication.rounds_included),
                "final": publication.is_final,
                "url": site_url(path),
            },
        )
    )
    return events


def session_event(session: Session) -> tuple[str, str, dict]:
    """(kind, key, data) of a session's confirmed results, with its podium."""
    event = session.event
    podium = [
        {"position": row.position, "driver": row.driver.display_name}
        for row in classification(session)[:PODIUM]
    ]
    path = reverse("live_events:event_detail", args=[event.slug])
    data = {
        "event": event.name,
        "session": session.name,
        "podium": podium,
        "url": site_url(path),
    }
    return rules.SESSION_RESULTS_CONFIRMED, f"session-{session.pk}", data


def decision_event(decision: Decision) -> tuple[str, str, dict]:
    """(kind, key, data) of a stewards' decision: the ruling, no names (the page has them)."""
    round_ = decision.case.round
    ruling = str(decision.get_kind_display())
    if decision.places:
        ruling += f" ({decision.places} places)"
    path = reverse("leagues:round_detail", args=[round_.season.label, round_.number])
    data = {
        "season": str(round_.season),
        "season_label": round_.season.label,
        "round": round_.number,
        "case": decision.case_id,
        "decision": ruling,
        "url": site_url(path),
    }
    return rules.DECISION_PUBLISHED, f"decision-{decision.pk}", data


def recent_deliveries(webhook: Webhook, *, count: int = 10) -> list[WebhookDelivery]:
    """The webhook's latest deliveries, newest first (its admin page)."""
    return list(
        webhook.deliveries.select_related("event").order_by("-event__created_at", "-pk")[:count]
    )
