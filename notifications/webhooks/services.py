"""Writes of outbound webhooks: check a URL, announce an event once, deliver it.

An event is recorded once per fact (its unique key), with one delivery per
subscribed webhook, in one transaction; each delivery is queued through the
outbox once it commits, so the job that published never waits for an
endpoint. A delivery is claimed before its post (its next try moved past a
lease), so two workers given the same delivery post it once; a failed post
is tried again on the back-off schedule by beat's sweep until it succeeds or
runs out of attempts.
"""

import datetime as dt
import logging
import time
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from leagues.models import Publication
from live_events.models import Session
from notifications.models import Webhook, WebhookAttempt, WebhookDelivery, WebhookEvent
from notifications.webhooks import rules, selectors, transport
from operations.outbox import enqueue
from stewarding.models import Decision

log = logging.getLogger(__name__)

# How long a claimed delivery is left to its worker before the sweep may try it again:
# well past the post's timeout and the task's time limit.
LEASE_SECONDS = 120


def check_url(url: str) -> None:
    """Refuse (RuleViolation) a URL that is not https or that reaches a non-public address."""
    transport.checked_address(url)


def announce(*, kind: str, key: str, data: dict) -> WebhookEvent | None:
    """Record the event ``key`` once and queue its delivery to every webhook that wants it.

    None when it was announced before (a signal sent twice, a job run twice)
    or when no webhook wants it.
    """
    webhooks = selectors.subscribers(kind)
    if not webhooks:
        return None
    with transaction.atomic():
        event, created = WebhookEvent.objects.get_or_create(
            key=key, defaults={"kind": kind, "payload": data}
        )
        if not created:
            return None
        _queue(event, webhooks)
    return event


def _queue(event: WebhookEvent, webhooks: list[Webhook]) -> None:
    from notifications import tasks

    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(event=event, webhook=webhook) for webhook in webhooks
    )
    for delivery in deliveries:
        enqueue(tasks.deliver_webhook, delivery.pk)


def announce_publication(*, publication: Publication) -> list[WebhookEvent]:
    """Announce a publication's newest round (once per round) and the standings themselves."""
    with translation.override(settings.LANGUAGE_CODE):
        facts = selectors.publication_events(publication)
    announced = (announce(kind=kind, key=key, data=data) for kind, key, data in facts)
    return [event for event in announced if event is not None]


def announce_session_results(*, session: Session) -> WebhookEvent | None:
    with translation.override(settings.LANGUAGE_CODE):
        kind, key, data = selectors.session_event(session)
    return announce(kind=kind, key=key, data=data)


def announce_decision(*, decision: Decision) -> WebhookEvent | None:
    with translation.override(settings.LANGUAGE_CODE):
        kind, key, data = selectors.decision_event(decision)
    return announce(kind=kind, key=key, data=data)


def send_test_event(*, webhook: Webhook) -> WebhookDelivery:
    """Queue a test event to ``webhook`` alone (the organiser checks the receiver works)."""
    with transaction.atomic():
        event = WebhookEvent.objects.create(
            kind=rules.TEST,
            key=f"test-{uuid.uuid4()}",
            payload={"webhook": webhook.name, "note": "If you can read this, it works."},
        )
        _queue(event, [webhook])
    return event.deliveries.get()


def request_for(delivery: WebhookDelivery, *, timestamp: int) -> tuple[bytes, dict[str, str]]:
    """The signed body and headers of one try of ``delivery``."""
    event, webhook = delivery.event, delivery.webhook
    if rules.is_discord(webhook.url):
        body = rules.discord_body(event.kind, event.payload)
    else:
        body = rules.envelope(
            event_id=str(event.uid),
            kind=event.kind,
            created_at=event.created_at.isoformat(),
            data=event.payload,
        )
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Nationscup-Webhooks/1",
        "X-Nationscup-Event": event.kind,
        "X-Nationscup-Event-Id": str(event.uid),
        "X-Nationscup-Timestamp": str(timestamp),
        "X-Nationscup-Signature": rules.signature(webhook.secret, timestamp, body),
    }
    return body, headers


def _claim(delivery_id: int, now: dt.datetime) -> bool:
    """Take the delivery for one try if it is pending and due (one worker wins)."""
    lease = now + dt.timedelta(seconds=LEASE_SECONDS)
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=lease)
    )


def deliver(*, delivery_id: int, now: dt.datetime | None = None) -> WebhookDelivery | None:
    """Try one post of the delivery if it is due; None when another try has it or it is done."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return None
    delivery = WebhookDelivery.objects.select_related("event", "webhook").get(pk=delivery_id)
    if not delivery.webhook.active:
        return _record(delivery, transport.Answer(None, "The webhook is switched off."), final=True)
    body, headers = request_for(delivery, timestamp=int(time.time()))
    answer = transport.post(delivery.webhook.url, body, headers)
    return _record(delivery, answer)


def _record(
    delivery: WebhookDelivery, answer: transport.Answer, *, final: bool = False
) -> WebhookDelivery:
    """Write the try and what follows: delivered, another try later, or given up."""
    Status = WebhookDelivery.Status
    now = timezone.now()
    number = delivery.attempts + 1
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            at=now,
            status_code=answer.status,
            error=answer.error,
            duration_ms=answer.duration_ms,
        )
        delivery.attempts = number
        delivery.last_status_code = answer.status
        delivery.last_error = answer.error or f"HTTP {answer.status}"
        given_up = final or number >= settings.WEBHOOK_MAX_ATTEMPTS
        if rules.is_success(answer.status):
            delivery.status, delivery.delivered_at, delivery.last_error = Status.DELIVERED, now, ""
        elif given_up or not rules.is_retryable(answer.status):
            delivery.status = Status.FAILED
        else:
            wait = rules.backoff_seconds(
                number,
                base=settings.WEBHOOK_RETRY_BASE_SECONDS,
                cap=settings.WEBHOOK_RETRY_MAX_SECONDS,
            )
            delivery.next_attempt_at = now + dt.timedelta(seconds=wait)
        delivery.save()
    log.info("Webhook %s try %s: %s", delivery, number, delivery.status)
    return delivery


def retry_due(*, now: dt.datetime | None = None) -> int:
    """Queue a try of every pending delivery whose time has come (beat, every minute)."""
    from notifications import tasks

    due = selectors.due_deliveries(now=now or timezone.now())
    for delivery_id in due:
        enqueue(tasks.deliver_webhook, delivery_id)
    return len(due)


def purge_old_events(*, now: dt.datetime) -> int:
    """Delete events (with their deliveries and tries) older than RETAIN_WEBHOOK_EVENTS_DAYS,
    unless one of their deliveries is still being tried."""
    cutoff = now - dt.timedelta(days=settings.RETAIN_WEBHOOK_EVENTS_DAYS)
    old = WebhookEvent.objects.filter(created_at__lt=cutoff).exclude(
        deliveries__status=WebhookDelivery.Status.PENDING
    )
    _, deleted = old.delete()
    return deleted.get(WebhookEvent._meta.label, 0)
