from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from nationscup import sessions  # noqa: F401  (its login receiver)
        from privacy import checks, receivers  # noqa: F401  (registers the check and receivers)
