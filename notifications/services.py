"""Emails a driver opted in to, each sent once, in the language the driver chose.

Each send records a ``SentNotification`` in the same transaction: a job that
is delivered twice skips what it already sent, and a failed send leaves no
record, so the retry sends it.
"""

import logging
from collections.abc import Iterator

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from leagues.models import (
    Driver,
    PayoutRun,
    Publication,
    Registration,
    RoundScore,
    Standing,
    Tier,
)
from notifications.models import NotificationPreference, SentNotification
from stewarding.models import Case, Decision

log = logging.getLogger(__name__)
CHUNK = 500


def preference_for(driver: Driver) -> NotificationPreference:
    """The driver's preferences, or unsaved ones with every email off."""
    try:
        return driver.notification_preference
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(driver=driver)


def save_preference(
    *,
    driver: Driver,
    round_published: bool,
    payout_made: bool,
    language: str,
    case_decided: bool = False,
) -> NotificationPreference:
    """Record which emails ``driver`` wants, and in which language."""
    preference, _ = NotificationPreference.objects.update_or_create(
        driver=driver,
        defaults={
            "round_published": round_published,
            "payout_made": payout_made,
            "case_decided": case_decided,
            "language": language,
        },
    )
    return preference


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send_once(*, driver: Driver, kind: str, key: str, template: str, context: dict) -> bool:
    """Send one email unless it was sent already; True when it was sent now."""
    if driver.user is None:  # the callers' queries select drivers with a user
        return False
    preference = driver.notification_preference
    with transaction.atomic():
        _, created = SentNotification.objects.get_or_create(driver=driver, kind=kind, key=key)
        if not created:
            return False
        with translation.override(preference.language):
            context = {**context, "driver": driver}
            subject = render_to_string(f"notifications/emails/{template}_subject.txt", context)
            body = render_to_string(f"notifications/emails/{template}.txt", context)
        send_mail(" ".join(subject.split()), body, None, [driver.user.email])
    return True


def _chunks(queryset) -> Iterator[list]:
    chunk = []
    for row in queryset.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def send_round_published_emails(*, publication: Publication) -> int:
    """Tell the opted-in drivers of the publication's newest round their score and rank."""
    if not publication.rounds_included:
        return 0
    season = publication.season
    round_ = season.rounds.get(number=max(publication.rounds_included))
    key = str(round_.pk)
    scores = (
        RoundScore.objects.filter(
            round=round_,
            registration__driver__notification_preference__round_published=True,
            registration__driver__user__isnull=False,
        )
        .exclude(registration__driver__user__email="")
        .exclude(
            registration__driver__in=SentNotification.objects.filter(
                kind=SentNotification.Kind.ROUND_PUBLISHED, key=key
            ).values("driver")
        )
        .select_related(
            "result__lobby",
            "registration__driver__user",
            "registration__driver__notification_preference",
        )
        .order_by("pk")
    )
    sent = 0
    for chunk in _chunks(scores):
        regional = {
            row.registration_id: row
            for row in Standing.objects.filter(
                publication=publication,
                tier=Tier.REGIONAL,
                registration_id__in=[score.registration_id for score in chunk],
            )
        }
        for score in chunk:
            registration = score.registration
            path = reverse(
                "leagues:driver_season", args=[season.label, registration.driver.online_id]
            )
            sent += _send_once(
                driver=registration.driver,
                kind=SentNotification.Kind.ROUND_PUBLISHED,
                key=key,
                template="round_published",
                context={
                    "season": season,
                    "round": round_,
                    "score": score,
                    "standing": regional.get(registration.pk),
                    "url": site_url(path),
                    "preferences_url": site_url(reverse("notifications:preferences")),
                },
            )
    log.info("Sent %s round-published emails for %s", sent, round_)
    return sent


def send_payout_emails(*, run: PayoutRun) -> int:
    """Tell the opted-in drivers paid by ``run`` how many credits they received."""
    season = run.season
    key = f"season-{season.pk}"
    registrations = (
        Registration.objects.filter(
            season=season,
            payouts__run=run,
            driver__notification_preference__payout_made=True,
            driver__user__isnull=False,
        )
        .exclude(driver__user__email="")
        .exclude(
            driver__in=SentNotification.objects.filter(
                kind=SentNotification.Kind.PAYOUT_MADE, key=key
            ).values("driver")
        )
        .annotate(awards=Count("payouts"), credits=Sum("payouts__credits"))
        .select_related("driver__user", "driver__notification_preference")
        .order_by("pk")
    )
    sent = 0
    for registration in registrations.iterator(chunk_size=CHUNK):
        path = reverse("leagues:driver_season", args=[season.label, registration.driver.online_id])
        sent += _send_once(
            driver=registration.driver,
            kind=SentNotification.Kind.PAYOUT_MADE,
            key=key,
            template="payout_made",
            context={
                "season": season,
                "registration": registration,
                "url": site_url(path),
                "preferences_url": site_url(reverse("notifications:preferences")),
            },
        )
    log.info("Sent %s payout emails for %s", sent, season)
    return sent


def send_case_decided_emails(*, decision: Decision) -> int:
    """Tell the case's drivers (the accused, and the protester) who opted in what was decided."""
    case = decision.case
    season = case.round.season
    key = f"case-{case.pk}"
    drivers = (
        Driver.objects.filter(
            registrations__in=case.party_registrations(),
            notification_preference__case_decided=True,
            user__isnull=False,
        )
        .exclude(user__email="")
        .select_related("user", "notification_preference")
        .order_by("pk")
    )
    path = reverse("leagues:round_detail", args=[season.label, case.round.number])
    sent = 0
    for driver in drivers:
        sent += _send_once(
            driver=driver,
            kind=SentNotification.Kind.CASE_DECIDED,
            key=key,
            template="case_decided",
            context={
                "season": season,
                "case": case,
                "decision": decision,
                "url": site_url(path),
                "preferences_url": site_url(reverse("notifications:preferences")),
            },
        )
    log.info("Sent %s decision emails for case %s", sent, case.pk)
    return sent


def send_case_opened_email(*, case: Case) -> int:
    """Tell the accused who opted in that a protest or review is about their race, and
    where to answer it with a statement before the stewards decide."""
    driver = (
        Driver.objects.filter(
            registrations=case.accused_id,
            notification_preference__case_decided=True,
            user__isnull=False,
        )
        .exclude(user__email="")
        .select_related("user", "notification_preference")
        .first()
    )
    if driver is None:
        return 0
    sent = _send_once(
        driver=driver,
        kind=SentNotification.Kind.CASE_OPENED,
        key=f"case-{case.pk}",
        template="case_opened",
        context={
            "season": case.round.season,
            "case": case,
            "url": site_url(reverse("stewarding:my_case", args=[case.pk])),
            "preferences_url": site_url(reverse("notifications:preferences")),
        },
    )
    log.info("Sent %s case-opened email for case %s", int(sent), case.pk)
    return int(sent)
