from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from privacy.services import record_login


@receiver(user_logged_in, dispatch_uid="privacy.record_login")
def _record_login(sender, request, user, **kwargs):
    record_login(user=user, request=request)
