from urllib.parse import urlsplit

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from notifications.forms import WebhookForm
from notifications.models import (
    NotificationPreference,
    SentNotification,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
)
from notifications.webhooks import selectors
from notifications.webhooks import services as webhooks


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("driver", "round_published", "payout_made", "language", "updated_at")
    list_filter = ("round_published", "payout_made", "language")
    search_fields = ("driver__online_id",)
    raw_id_fields = ("driver",)


@admin.register(SentNotification)
class SentNotificationAdmin(admin.ModelAdmin):
    list_display = ("driver", "kind", "key", "sent_at")
    list_filter = ("kind",)
    search_fields = ("driver__online_id",)
    raw_id_fields = ("driver",)


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """Organisers register a URL per kind of event; the list shows how deliveries went."""

    form = WebhookForm
    list_display = ("name", "host", "active", "delivered", "pending", "failed", "last_try")
    list_filter = ("active",)
    search_fields = ("name",)
    readonly_fields = ("secret", "created_by", "created_at", "recent_deliveries")
    actions = ["send_test_event_action"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return selectors.with_delivery_counts(super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ()

    @admin.display(description=_("host"))
    def host(self, webhook: Webhook) -> str:
        return urlsplit(webhook.url).hostname or ""

    @admin.display(description=_("delivered"), ordering="delivered")
    def delivered(self, webhook) -> int:
        return webhook.delivered

    @admin.display(description=_("pending"), ordering="pending")
    def pending(self, webhook) -> int:
        return webhook.pending

    @admin.display(description=_("failed"), ordering="failed")
    def failed(self, webhook) -> int:
        return webhook.failed

    @admin.display(description=_("last try"), ordering="last_try")
    def last_try(self, webhook):
        return webhook.last_try

    @admin.display(description=_("recent deliveries"))
    def recent_deliveries(self, webhook: Webhook):
        rows = selectors.recent_deliveries(webhook)
        if not rows:
            return _("None yet.")
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            _("event"),
            _("status"),
            _("tries"),
            _("last answer"),
            _("next try"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        row.event,
                        row.get_status_display(),
                        row.attempts,
                        row.last_error or row.last_status_code or "",
                        row.next_attempt_at if row.status == row.Status.PENDING else "",
                    )
                    for row in rows
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Send a test event"), permissions=["change"])
    def send_test_event_action(self, request, queryset):
        for webhook in queryset:
            webhooks.send_test_event(webhook=webhook)
        self.message_user(
            request,
            _("A test event is on its way to %(count)s webhook(s); see their deliveries.")
            % {"count": queryset.count()},
            messages.SUCCESS,
        )


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ("number", "at", "status_code", "error", "duration_ms")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Read-only: what each webhook was sent and what came back, try by try."""

    list_display = (
        "event",
        "webhook",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("status", "event__kind", "webhook")
    list_select_related = ("event", "webhook")
    search_fields = ("event__key",)
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]
    inlines = [WebhookAttemptInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
