from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by services only (ledgers, audit, publications): the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
