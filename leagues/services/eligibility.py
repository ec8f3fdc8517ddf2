import datetime as dt
from dataclasses import dataclass

from leagues import rules
from leagues.models import Driver, Registration, Season


@dataclass(frozen=True)
class Eligibility:
    """Whether a driver may race the live events of a season, and every reason why not."""

    eligible: bool
    reasons: tuple[str, ...]


def live_event_eligibility(*, driver: Driver, season: Season, first_day: dt.date) -> Eligibility:
    """May ``driver`` race a live event of ``season`` that starts on ``first_day``?

    The league is the one fixed at registration; the age is counted on the
    event's first day against the age of majority of the driver's country.
    """
    registration = Registration.objects.filter(season=season, driver=driver).only("league").first()
    reasons = rules.live_event_ineligibility(
        age=rules.age_on(driver.birth_date, first_day),
        age_of_majority=driver.country.age_of_majority,
        country=driver.country.name,
        league=registration.league if registration else None,
        banned=driver.is_banned,
    )
    return Eligibility(eligible=not reasons, reasons=tuple(reasons))
