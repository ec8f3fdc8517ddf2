"""Licence penalty points: reaching the limit suspends the driver, through the suspensions'
own service (``leagues.services.discipline``), keyed by the decision so it happens once."""

from django.utils.translation import gettext as _

from leagues.models import Suspension, SuspensionSource
from leagues.services.discipline import suspend_driver
from stewarding import rules
from stewarding.models import Decision
from stewarding.selectors.cases import licence_of


def suspend_at_licence_limit(*, decision: Decision) -> Suspension | None:
    """Suspend the decision's driver for 30 days from it if its points reach the limit."""
    driver = decision.case.accused.driver
    in_force = licence_of(driver=driver, now=decision.decided_at).points
    if not rules.suspension_due(points_in_force=in_force, added=decision.licence_points):
        return None
    starts_on, ends_on = rules.suspension_days(decision.decided_at.date())
    return suspend_driver(
        driver=driver,
        reason=_("%(points)s licence penalty points in 12 months (stewards' decision #%(case)s)")
        % {"points": in_force, "case": decision.case_id},
        starts_on=starts_on,
        ends_on=ends_on,
        source=SuspensionSource.LICENCE_POINTS,
        source_key=f"steward-decision:{decision.pk}",
    )
