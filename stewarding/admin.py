"""Cases in the admin, read-only: they are filed and decided on the site, which audits them."""

from django.contrib import admin

from stewarding.models import Case, Decision, Statement


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0
    fields = ("author", "text", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "kind",
        "status",
        "round",
        "lobby",
        "accused",
        "protester",
        "opened_at",
    )
    list_filter = ("status", "kind", "round__season")
    search_fields = ("accused__driver__online_id", "protester__driver__online_id")
    raw_id_fields = ("round", "lobby", "protester", "accused", "opened_by")
    inlines = [StatementInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "places", "licence_points", "steward", "decided_at")
    list_filter = ("kind", "case__round__season")
    search_fields = ("case__accused__driver__online_id", "reason")
    raw_id_fields = ("case", "steward")
