from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site: backups and restores, metrics, health."""

    name = "operations"
    verbose_name = "Operations"

    def ready(self):
        from operations import (
            metrics,  # noqa: F401  (connects the job and publication signals)
            outbox,  # noqa: F401  (marks outbox messages picked up)
        )
