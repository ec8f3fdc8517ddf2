"""Who an online id belongs to: claim codes from the game, and the organisers' detach.

One online id belongs to at most one account (``Driver.user``). A race server asks
for a one-time code for an online id and the game shows it to the player; the
player, signed in, types it on the site within ``CLAIM_CODE_MINUTES`` and the
profile, with all its history, becomes theirs. Only the code's keyed hash is
stored; a wrong or expired code counts a try, and ``CLAIM_CODE_MAX_TRIES`` void it.
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from leagues.exceptions import RuleViolation
from leagues.models import ClaimCode, Driver, RaceServer
from leagues.services.audit import record_action
from leagues.services.pages import changes_shared_pages

# No 0/O or 1/I/L: the player copies it from a screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def hash_code(code: str) -> str:
    """The stored form of a code: keyed with the site's secret, so a leaked table of
    hashes cannot be checked offline against the few billion possible codes."""
    normal = code.strip().upper().replace("-", "").replace(" ", "")
    return salted_hmac("leagues.claim-code", normal, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    """A new code (shown once, to the race server) and its stored row."""

    code: str
    claim: ClaimCode


def issue_claim_code(
    *, driver: Driver, server: RaceServer | None, now: dt.datetime | None = None
) -> IssuedCode:
    """A fresh one-time code for ``driver``'s online id; any earlier pending code is void.

    Refused for an online id that already belongs to an account (without saying whose).
    """
    now = now or timezone.now()
    with transaction.atomic():
        driver = Driver.objects.select_for_update().get(pk=driver.pk)
        if driver.user_id is not None:
            raise RuleViolation(_("This online id is already claimed by an account."))
        ClaimCode.objects.filter(
            driver=driver, voided_at__isnull=True, used_at__isnull=True
        ).update(voided_at=now)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        claim = ClaimCode.objects.create(
            driver=driver,
            code_hash=hash_code(code),
            server=server,
            expires_at=now + dt.timedelta(minutes=settings.CLAIM_CODE_MINUTES),
        )
    return IssuedCode(code=code, claim=claim)


@changes_shared_pages
def claim_online_id(*, user, online_id: str, code: str, now: dt.datetime | None = None) -> Driver:
    """Give ``user`` the profile of ``online_id`` if ``code`` is its pending claim code.

    A wrong or expired code is refused, says which, and counts a try (kept even though
    the claim is refused); the last allowed try voids the code.
    """
    now = now or timezone.now()
    online_id = online_id.strip()
    own = Driver.objects.filter(user=user).values_list("online_id", flat=True).first()
    if own is not None:
        raise RuleViolation(
            _("Your account already drives as %(online_id)s; one account has one online id.")
            % {"online_id": own}
        )
    failure = None
    with transaction.atomic():
        driver = Driver.objects.select_for_update().filter(online_id=online_id).first()
        if driver is None:
            raise RuleViolation(
                _("No driver has the online id %(online_id)s; check how it is spelt in the game.")
                % {"online_id": online_id}
            )
        if driver.user_id is not None:
            raise RuleViolation(
                _(
                    "This online id is already claimed by an account. If it is yours, "
                    "contact the organisers."
                )
            )
        claim = (
            ClaimCode.objects.select_for_update()
            .filter(driver=driver, voided_at__isnull=True, used_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        if claim is None:
            raise RuleViolation(
                _(
                    "No claim code is waiting for %(online_id)s: ask the game for one, then "
                    "type it here within %(minutes)s minutes."
                )
                % {"online_id": online_id, "minutes": settings.CLAIM_CODE_MINUTES}
            )
        expired = claim.expires_at <= now
        if expired or not constant_time_compare(claim.code_hash, hash_code(code)):
            failure = _count_wrong_try(claim, expired=expired, now=now)
        else:
            claim.used_at, claim.used_by = now, user
            claim.save(update_fields=["used_at", "used_by"])
            driver.user = user
            try:
                with transaction.atomic():
                    driver.save(update_fields=["user"])
            except IntegrityError:
                raise RuleViolation(
                    _("Your account was given another online id meanwhile; nothing changed.")
                ) from None
            record_action(user=user, action="claim online id", detail=driver.online_id)
    if failure is not None:
        raise RuleViolation(failure)
    return driver


def _count_wrong_try(claim: ClaimCode, *, expired: bool, now: dt.datetime) -> str:
    """Record one wrong try on ``claim`` and say what went wrong."""
    claim.wrong_tries += 1
    left = settings.CLAIM_CODE_MAX_TRIES - claim.wrong_tries
    if left <= 0:
        claim.voided_at = now
    claim.save(update_fields=["wrong_tries", "voided_at"])
    if expired:
        return _("This code has expired: ask the game for a new one.")
    if left <= 0:
        return _(
            "Wrong code, and that was the last try: the code is void. Ask the game for a new one."
        )
    return _("Wrong code. %(left)s tries left before the code is void.") % {"left": left}


@changes_shared_pages
def detach_account(*, driver: Driver, reason: str, by) -> Driver:
    """Take ``driver``'s online id away from its account (audited, with a written reason).

    The profile and its history stay; the online id can then be claimed again with a code.
    """
    reason = reason.strip()
    if not reason:
        raise RuleViolation(_("Write the reason for detaching the account."))
    with transaction.atomic():
        driver = Driver.objects.select_for_update().get(pk=driver.pk)
        if driver.user_id is None:
            raise RuleViolation(
                _("%(online_id)s has no account to detach.") % {"online_id": driver.online_id}
            )
        user_id = driver.user_id
        driver.user = None
        driver.save(update_fields=["user"])
        ClaimCode.objects.filter(
            driver=driver, voided_at__isnull=True, used_at__isnull=True
        ).update(voided_at=timezone.now())
        record_action(
            user=by,
            action="detach account",
            detail=f"{driver.online_id} from account #{user_id}: {reason}",
        )
    return driver
