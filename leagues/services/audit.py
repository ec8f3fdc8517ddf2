"""The audit trail of organiser and payout actions: who did what, when."""

import logging

from leagues.models import StaffAction

log = logging.getLogger("nationscup.audit")


def record_action(*, user, action: str, detail: str = "") -> StaffAction:
    """Write one audit row and the same line to the audit log."""
    log.info("%s: %s %s", getattr(user, "username", "system"), action, detail)
    return StaffAction.objects.create(
        user=user if user and user.pk else None, action=action, detail=detail
    )
