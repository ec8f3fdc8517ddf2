from django.contrib import admin

from leagues.models import Publication

from .base import ReadOnlyAdmin


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    """Publications are written by the publish job only (Seasons → 'publish standings now')."""

    list_display = (
        "__str__",
        "season",
        "version",
        "status",
        "rounds_included",
        "is_final",
        "published_at",
    )
    list_filter = ("season", "status")
