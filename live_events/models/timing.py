from django.db import models

from leagues.models import RaceServer

from .sessions import Session


class LiveTiming(models.Model):
    """The latest running order a timing system posted for a session.

    Provisional: it feeds the live pages only and is never the session's result,
    which stays the steward-checked timing sheet (``SessionResult``). ``sent_at``
    is the feed's own timestamp; a post older than the one kept is ignored.
    """

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="live_timing")
    server = models.ForeignKey(RaceServer, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    received_at = models.DateTimeField()
    snapshot = models.JSONField(help_text="The document viewers read (running order, standings).")
    posts = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Live timing of {self.session} at {self.sent_at:%H:%M:%S}"
