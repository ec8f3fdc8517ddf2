"""Reads about suspensions."""

import datetime as dt

from django.utils.translation import gettext as _

from leagues.models import Driver, Suspension


def suspension_on(*, driver: Driver, day: dt.date) -> Suspension | None:
    """The suspension of ``driver`` in force on ``day`` that ends last, or None."""
    return Suspension.objects.in_force_on(day).filter(driver=driver).order_by("-ends_on").first()


def registration_suspension_refusal(*, driver: Driver, day: dt.date) -> str | None:
    """Why a suspended driver cannot register on ``day`` (with the end date), or None."""
    suspension = suspension_on(driver=driver, day=day)
    if suspension is None:
        return None
    return _(
        "%(driver)s is suspended until %(until)s (%(reason)s) and cannot register before then."
    ) % {"driver": driver.display_name, "until": suspension.ends_on, "reason": suspension.reason}
