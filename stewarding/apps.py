from django.apps import AppConfig


class StewardingConfig(AppConfig):
    name = "stewarding"
    verbose_name = "Stewarding of online races"
