"""Sign-up confirms the email address: a signed link, mailed, that the owner follows.

The link carries the account and the address, signed with the site's key and
dated; it proves the address without anything stored but the ``PendingEmail``
row that says "not yet". An account with that row may not register for a season.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leagues.exceptions import RuleViolation
from leagues.models import PendingEmail

SALT = "nationscup.email-confirmation"


def send_confirmation(*, user: AbstractBaseUser) -> PendingEmail:
    """Mark the account's address unconfirmed and mail it a link that confirms it."""
    email = getattr(user, "email", "")
    pending, _created = PendingEmail.objects.update_or_create(
        user=user, defaults={"email": email, "sent_at": timezone.now()}
    )
    token = signing.dumps({"user": user.pk, "email": email}, salt=SALT)
    link = settings.SITE_URL.rstrip("/") + reverse("leagues:confirm_email", args=[token])
    days = settings.EMAIL_CONFIRMATION_DAYS
    send_mail(
        _("Confirm your email address for the Nations Cup"),
        _(
            "Follow this link within %(days)d days to confirm your address and register "
            "for a season:\n\n%(link)s\n\nIf you did not sign up, ignore this email."
        )
        % {"days": days, "link": link},
        None,
        [email],
    )
    return pending


def confirm_email(*, token: str) -> AbstractBaseUser:
    """Confirm the address a link was sent to; the account it belongs to."""
    try:
        claim = signing.loads(
            token, salt=SALT, max_age=settings.EMAIL_CONFIRMATION_DAYS * 24 * 3600
        )
        user = get_user_model().objects.get(pk=claim["user"], email=claim["email"])
    except (signing.BadSignature, TypeError, KeyError, get_user_model().DoesNotExist):
        raise RuleViolation(
            _("This link is not valid or has expired. Sign in and ask for a new one.")
        ) from None
    PendingEmail.objects.filter(user=user, email=claim["email"]).delete()
    return user
