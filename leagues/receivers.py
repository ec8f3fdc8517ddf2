"""Jobs the online season starts on its own signals: they only enqueue a task."""

from django.dispatch import receiver

from leagues import tasks
from leagues.signals import standings_published


@receiver(standings_published, dispatch_uid="leagues.season_dump")
def on_standings_published(sender, publication, **kwargs):
    tasks.build_season_dump.delay(publication.pk)
