"""Jobs the online season starts on its own signals: they only enqueue a task (outbox)."""

from django.dispatch import receiver

from leagues import tasks
from leagues.signals import standings_published
from operations.outbox import enqueue


@receiver(standings_published, dispatch_uid="leagues.season_dump")
def on_standings_published(sender, publication, **kwargs):
    enqueue(tasks.build_season_dump, publication.pk)
