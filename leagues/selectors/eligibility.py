"""Whether a driver may race a season's live events, and the wording of every reason why not
(reads only: the rules are in ``leagues.rules``)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from leagues import rules
from leagues.models import Driver, Registration, Season
from leagues.rules import Ineligibility, IneligibilityReason
from leagues.selectors.discipline import suspension_on


def reason_text(reason: IneligibilityReason) -> str:
    """The sentence for one reason of ``rules.live_event_ineligibility``, in the active
    language. The one place these reasons are worded: pages, services and tests use it."""
    if reason.code is Ineligibility.NOT_REGISTERED:
        return _("Not registered for this season.")
    if reason.code is Ineligibility.NOT_GT1:
        return _("Registered in %(league)s; only GT1 leads to live events.") % {
            "league": reason.league
        }
    if reason.code is Ineligibility.UNDER_AGE:
        return _(
            "Aged %(age)s on the event's first day; the age of majority in %(country)s "
            "is %(age_of_majority)s."
        ) % {
            "age": reason.age,
            "country": reason.country,
            "age_of_majority": reason.age_of_majority,
        }
    if reason.code is Ineligibility.BANNED:
        return _("Banned from competition.")
    if reason.code is Ineligibility.SUSPENDED:
        return _("Suspended until %(until)s.") % {"until": reason.until}
    if reason.code is Ineligibility.NO_BIRTH_DATE:
        return _("No birth date on file (the account was deleted).")
    raise ValueError(f"no wording for {reason.code}")


@dataclass(frozen=True)
class Eligibility:
    """Whether a driver may race the live events of a season, and every reason why not."""

    eligible: bool
    reasons: tuple[IneligibilityReason, ...]

    @property
    def text(self) -> str:
        """Every reason, in the visitor's language (the driver pages)."""
        return " ".join(map(reason_text, self.reasons))

    @property
    def site_texts(self) -> tuple[str, ...]:
        """Every reason in the site's language (English): what organisers read and what is
        stored with a finalist, whoever's language was active."""
        with translation.override(settings.LANGUAGE_CODE):
            return tuple(map(reason_text, self.reasons))


def live_event_eligibility(*, driver: Driver, season: Season, first_day: dt.date) -> Eligibility:
    """May ``driver`` race a live event of ``season`` that starts on ``first_day``?

    The league is the one fixed at registration; the age is counted on the
    event's first day against the age of majority of the driver's country; a suspension
    covering that day makes the driver ineligible.
    """
    registration = Registration.objects.filter(season=season, driver=driver).only("league").first()
    suspension = suspension_on(driver=driver, day=first_day)
    reasons = rules.live_event_ineligibility(
        age=rules.age_on(driver.birth_date, first_day) if driver.birth_date else None,
        age_of_majority=driver.country.age_of_majority,
        country=driver.country.name,
        league=registration.league if registration else None,
        banned=driver.is_banned,
        suspended_until=suspension.ends_on if suspension else None,
    )
    return Eligibility(eligible=not reasons, reasons=tuple(reasons))
