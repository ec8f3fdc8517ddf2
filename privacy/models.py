from django.conf import settings
from django.db import models


class LoginEvent(models.Model):
    """One successful sign-in: the login history a driver downloads with their data.

    Kept for ``LOGIN_HISTORY_DAYS`` (the retention job deletes older rows) and
    deleted with the account.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_events"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "-at"], name="login_event_user_idx")]

    def __str__(self) -> str:
        return f"Sign-in of user #{self.user_id} at {self.at:%Y-%m-%d %H:%M}"
