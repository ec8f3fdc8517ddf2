from django.apps import AppConfig


class LiveEventsConfig(AppConfig):
    name = "live_events"
    verbose_name = "Live events"
