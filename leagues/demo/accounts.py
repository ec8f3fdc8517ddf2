import random
import secrets

from django.contrib.auth import get_user_model

DEMO_ADMIN_USERNAME = "admin"


def create_demo_staff(*, rng: random.Random, log) -> None:
    """A superuser for the demo, with a random password printed once."""
    username, password = DEMO_ADMIN_USERNAME, secrets.token_urlsafe(12)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return
    User.objects.create_superuser(username, f"{username}@nationscup.local", password)
    log(f"Demo admin created: user '{username}', password '{password}' (log in at /admin/)")
