"""Suspensions: organisers suspend a driver directly; stewarding does it from licence points.

A suspension covers the days ``starts_on`` to ``ends_on``, both included. A
driver suspended on a day cannot register that day and is ineligible for a
live event whose first day it covers (``leagues.selectors.eligibility``).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leagues.exceptions import RuleViolation
from leagues.models import Driver, Suspension, SuspensionSource
from leagues.services.audit import record_action
from leagues.services.pages import changes_shared_pages


@changes_shared_pages
def suspend_driver(
    *,
    driver: Driver,
    reason: str,
    ends_on: dt.date,
    starts_on: dt.date | None = None,
    by=None,
    source: str = SuspensionSource.ORGANISER,
    source_key: str = "",
) -> Suspension:
    """Suspend ``driver`` from ``starts_on`` (default: today) to ``ends_on``, both included.

    - ``reason``: the written reason, required; shown on the driver's profile.
    - ``by``: the user who decided (None for an automatic suspension); audited.
    - ``source``: ``SuspensionSource.ORGANISER`` or ``SuspensionSource.LICENCE_POINTS``.
    - ``source_key``: what caused it, e.g. ``"steward-decision:42"``; calling again with
      the same key returns the first suspension and writes nothing (safe for a job to
      retry). For "30 days from the decision" pass
      ``starts_on=day, ends_on=day + timedelta(days=29)``.

    Raises ``RuleViolation`` for an empty reason or an end before the start.
    """
    reason = reason.strip()
    starts_on = starts_on or timezone.localdate()
    if source_key:
        existing = Suspension.objects.filter(source_key=source_key).first()
        if existing is not None:
            return existing
    if not reason:
        raise RuleViolation(_("Write the reason for the suspension."))
    if ends_on < starts_on:
        raise RuleViolation(
            _("The suspension cannot end (%(ends)s) before it starts (%(starts)s).")
            % {"ends": ends_on, "starts": starts_on}
        )
    try:
        with transaction.atomic():
            suspension = Suspension.objects.create(
                driver=driver,
                reason=reason,
                starts_on=starts_on,
                ends_on=ends_on,
                source=source,
                source_key=source_key,
                created_by=by if by is not None and by.pk else None,
            )
            record_action(
                user=by,
                action="suspend driver",
                detail=f"{driver.online_id} from {starts_on} to {ends_on}: {reason}",
            )
    except IntegrityError:
        # The same key written by a concurrent call: that one stands.
        return Suspension.objects.get(source_key=source_key)
    return suspension


@changes_shared_pages
def lift_suspension(*, suspension: Suspension, reason: str, by=None) -> Suspension:
    """End ``suspension`` now, with a written reason (audited); lifting twice changes nothing."""
    reason = reason.strip()
    if not reason:
        raise RuleViolation(_("Write the reason for lifting the suspension."))
    with transaction.atomic():
        suspension = Suspension.objects.select_for_update().get(pk=suspension.pk)
        if suspension.lifted_at is not None:
            return suspension
        suspension.lifted_at = timezone.now()
        suspension.lifted_by = by if by is not None and by.pk else None
        suspension.lift_reason = reason
        suspension.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        record_action(
            user=by,
            action="lift suspension",
            detail=f"{suspension.driver.online_id} (until {suspension.ends_on}): {reason}",
        )
    return suspension
