"""What the online season does on signals: jobs it only enqueues (outbox), and the shared
pages' generation moved after a write through the admin."""

from django.dispatch import receiver

from leagues import tasks
from leagues.services.pages import pages_changed
from leagues.signals import standings_published
from nationscup.security import admin_written
from operations.outbox import enqueue


@receiver(standings_published, dispatch_uid="leagues.season_dump")
def on_standings_published(sender, publication, **kwargs):
    enqueue(tasks.build_season_dump, publication.pk)


@receiver(admin_written, dispatch_uid="leagues.shared_pages_after_admin")
def on_admin_written(sender, request, **kwargs):
    pages_changed()
