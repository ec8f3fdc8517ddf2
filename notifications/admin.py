from django.contrib import admin

from notifications.models import NotificationPreference, SentNotification


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
