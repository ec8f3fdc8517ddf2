"""The Celery app: broker and schedule come from Django settings (CELERY_*)."""

import os
import subprocess
import sys
import time

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nationscup.settings")

app = Celery("nationscup")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="nationscup.ping")
def ping() -> str:
    """Answers 'pong' from a worker: a health check of the broker and the workers."""
    return "pong"


def start_worker(
    hostname: str,
    *,
    env: dict,
    cwd,
    concurrency: int = 2,
    queue: str | None = None,
    own_session: bool = False,
) -> subprocess.Popen:
    """Start a ``celery worker`` process and return once it answers a ping (tests, bench).

    ``own_session``: the worker and its pool are a process group of their own, as on a
    machine of their own (``os.killpg`` takes them all at once).
    """
    command = [sys.executable, "-m", "celery", "-A", "nationscup", "worker", "--loglevel=WARNING"]
    command += [f"--concurrency={concurrency}", "--without-gossip", "--without-mingle"]
    command += ["-n", hostname] + (["-Q", queue] if queue else [])
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**env, "CELERY_TASK_ALWAYS_EAGER": "0"},
        start_new_session=own_session,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"celery worker exited with {process.returncode}")
        if app.control.ping(destination=[hostname], timeout=1.0):
            return process
    process.kill()
    raise RuntimeError("celery worker did not answer a ping within 60 s")
