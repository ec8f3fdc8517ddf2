from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LeaguesConfig(AppConfig):
    name = "leagues"
    verbose_name = "Online season"

    def ready(self):
        from leagues import receivers  # noqa: F401  (connects the signal receivers)
        from leagues.roles import ensure_roles_after_migrate

        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="leagues.ensure_roles")
