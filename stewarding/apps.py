from django.apps import AppConfig


class StewardingConfig(AppConfig):
    name = "stewarding"
    verbose_name = "Stewarding of online races"

    def ready(self):
        from stewarding import receivers  # noqa: F401  (connects the signal receivers)
