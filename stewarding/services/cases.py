"""Opening cases: a starter's protest, a steward's review, the accused's statement.

Everything is checked before anything is written; a refusal is a
``RuleViolation`` whose message says what to change, and leaves nothing
stored. Filing locks the season's row, so a season cannot close between the
check that it is open and the new case.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leagues.exceptions import RuleViolation
from leagues.models import Lobby, RaceResult, Registration, Season, SeasonStatus
from leagues.services.audit import record_action
from stewarding import rules
from stewarding.models import Case, Statement
from stewarding.signals import case_opened

https_only = URLValidator(schemes=["https"])
VIDEO_URL_MAX = 200


def _clean_text(text: str, *, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise RuleViolation(_("Write %(what)s.") % {"what": what})
    if len(text) > rules.DESCRIPTION_MAX:
        raise RuleViolation(
            _("%(what)s is %(length)s characters long; at most %(max)s are allowed.")
            % {"what": what.capitalize(), "length": len(text), "max": rules.DESCRIPTION_MAX}
        )
    return text


def _clean_video_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    try:
        https_only(url)
    except ValidationError:
        raise RuleViolation(
            _("The video link must be a web address starting with https://.")
        ) from None
    if len(url) > VIDEO_URL_MAX:
        raise RuleViolation(_("The video link is too long."))
    return url


def _clean_lap(lap: int | None, lobby: Lobby) -> int:
    laps = lobby.slot.round.laps_for(lobby.slot.league)
    if lap is None or not 1 <= lap <= laps:
        raise RuleViolation(_("The lap must be between 1 and %(laps)s.") % {"laps": laps})
    return lap


def _lock_open_season(lobby: Lobby) -> Season:
    season = Season.objects.select_for_update().get(pk=lobby.slot.round.season_id)
    if season.status == SeasonStatus.CLOSED:
        raise RuleViolation(
            _("The %(season)s is closed; its results are final.") % {"season": season}
        )
    return season


def _starters(lobby: Lobby, registrations: list[Registration]) -> set[int]:
    return set(
        RaceResult.objects.filter(lobby=lobby, registration__in=registrations).values_list(
            "registration_id", flat=True
        )
    )


def file_protest(
    *,
    user,
    lobby: Lobby,
    accused: Registration,
    lap: int | None,
    description: str,
    video_url: str = "",
    now: dt.datetime | None = None,
) -> Case:
    """File ``user``'s protest against ``accused`` about a race in ``lobby``.

    Refused outside the window (the season's hours after the round closes), by
    someone who did not start in the lobby, against oneself or a non-starter,
    a second time for the same driver and lobby, with an over-long description
    or a link that is not https.
    """
    now = now or timezone.now()
    round_ = lobby.slot.round
    description = _clean_text(description, what=_("what happened"))
    video_url = _clean_video_url(video_url)
    lap = _clean_lap(lap, lobby)
    protester = Registration.objects.filter(
        season_id=round_.season_id, driver__user=user, driver__user__isnull=False
    ).first()
    with transaction.atomic():
        season = _lock_open_season(lobby)
        if not rules.protest_window_open(
            now=now, round_closed_at=round_.closed_at, hours=season.protest_window_hours
        ):
            raise RuleViolation(
                _("Protests about round %(round)s closed %(hours)s hours after the round did.")
                % {"round": round_.number, "hours": season.protest_window_hours}
            )
        starters = _starters(lobby, [r for r in (protester, accused) if r is not None])
        if protester is None or protester.pk not in starters:
            raise RuleViolation(_("Only a driver who started in this lobby may protest in it."))
        if protester.pk == accused.pk:
            raise RuleViolation(_("You cannot protest against yourself."))
        if accused.pk not in starters:
            raise RuleViolation(
                _("%(driver)s did not start in this lobby.") % {"driver": accused.display_name}
            )
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    kind=Case.Kind.PROTEST,
                    round=round_,
                    lobby=lobby,
                    protester=protester,
                    accused=accused,
                    lap=lap,
                    description=description,
                    video_url=video_url,
                    opened_by=user,
                )
        except IntegrityError:
            raise RuleViolation(
                _("You have already protested against %(driver)s in this lobby.")
                % {"driver": accused.display_name}
            ) from None
        record_action(
            user=user, action="protest filed", detail=f"case {case.pk}: {_case_line(case)}"
        )
        _announce(case)
    return case


def open_review(
    *,
    steward,
    lobby: Lobby,
    accused: Registration,
    lap: int | None,
    description: str,
    video_url: str = "",
) -> Case:
    """Open a steward review of ``accused``'s race in ``lobby`` without a protest."""
    if not steward.has_perm("stewarding.add_case"):
        raise RuleViolation(_("Only a steward may open a review."))
    description = _clean_text(description, what=_("what is to be reviewed"))
    video_url = _clean_video_url(video_url)
    lap = _clean_lap(lap, lobby)
    with transaction.atomic():
        _lock_open_season(lobby)
        if accused.pk not in _starters(lobby, [accused]):
            raise RuleViolation(
                _("%(driver)s did not start in this lobby.") % {"driver": accused.display_name}
            )
        case = Case.objects.create(
            kind=Case.Kind.REVIEW,
            round=lobby.slot.round,
            lobby=lobby,
            accused=accused,
            lap=lap,
            description=description,
            video_url=video_url,
            opened_by=steward,
        )
        record_action(
            user=steward, action="review opened", detail=f"case {case.pk}: {_case_line(case)}"
        )
        _announce(case)
    return case


def _announce(case: Case) -> None:
    """Tell the accused once the case commits (the notifications' receivers email them)."""
    transaction.on_commit(lambda: case_opened.send(sender=Case, case=case))


def add_statement(*, user, case: Case, text: str) -> Statement:
    """Record the accused driver's statement on an open case (once)."""
    text = _clean_text(text, what=_("your statement"))
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("accused__driver")
            .get(pk=case.pk)
        )
        if case.accused.driver.user_id is None or case.accused.driver.user_id != user.pk:
            raise RuleViolation(_("Only the driver a case is about may add a statement."))
        if not case.is_open:
            raise RuleViolation(_("This case is decided; statements are closed."))
        if case.statements.filter(author=case.accused).exists():
            raise RuleViolation(_("You have already given your statement on this case."))
        statement = Statement.objects.create(case=case, author=case.accused, text=text)
        record_action(user=user, action="statement added", detail=f"case {case.pk}")
    return statement


def _case_line(case: Case) -> str:
    where = f"round {case.round.number} lobby {case.lobby.label}, lap {case.lap}"
    return f"{where}, accused registration {case.accused_id}"
