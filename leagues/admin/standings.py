from django.contrib import admin, messages

from leagues.models import Publication
from leagues.services.audit import record_action
from leagues.tasks import publish_standings


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
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
    actions = ["republish"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Recompute and publish the standings of these publications' seasons")
    def republish(self, request, queryset):
        for season_id in set(queryset.values_list("season_id", flat=True)):
            publish_standings.delay(season_id)
            record_action(
                user=request.user, action="publish standings", detail=f"season {season_id}"
            )
        messages.success(request, "Publishing; the pages switch when it is done.")
