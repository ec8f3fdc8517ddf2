from django.contrib import admin

from leagues.models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
