from django.contrib import admin

from operations.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """The jobs asked for, and whether the broker got them: read-only, for operators."""

    list_display = ("task", "args", "created_at", "dispatched_at", "picked_up_at", "attempts")
    list_filter = ("task",)
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
