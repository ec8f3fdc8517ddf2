"""The Celery app: broker and schedule come from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nationscup.settings")

app = Celery("nationscup")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="nationscup.ping")
def ping() -> str:
    """Answers 'pong' from a worker: a health check of the broker and the workers."""
    return "pong"
