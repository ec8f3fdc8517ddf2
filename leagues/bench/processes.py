"""The real processes the benchmark measures: a Celery worker, gunicorn, and wrk as the load.

Peak memory is each process's ``VmHWM`` (resident high-water mark) from
``/proc``; a pool's figure is its largest process and the sum of all.
"""

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
WRK_SCRIPT = Path(__file__).with_name("wrk.lua")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def vm_hwm_kib(pid: int) -> int:
    """Peak resident memory of one process in KiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (pool children of a worker or gunicorn master)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


@dataclass
class Memory:
    processes: int
    largest_mib: float
    total_mib: float

    def as_dict(self) -> dict:
        return {
            "processes": self.processes,
            "largest_mib": round(self.largest_mib, 1),
            "total_mib": round(self.total_mib, 1),
        }


def pool_memory(pid: int, seen: dict[int, int] | None = None) -> Memory:
    """Peak memory of a process and its children; ``seen`` keeps peaks of exited children."""
    seen = {} if seen is None else seen
    for each in [pid, *descendants(pid)]:
        seen[each] = max(seen.get(each, 0), vm_hwm_kib(each))
    peaks = [kib / 1024 for kib in seen.values() if kib]
    return Memory(len(peaks), max(peaks, default=0.0), sum(peaks))


def database_url() -> str:
    """The URL of the PostgreSQL database this process uses (in a test, the test database),
    for the processes it starts."""
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{host}:{port}/{db['NAME']}"


def machine_env(machine: str | None) -> dict[str, str]:
    """A "machine"'s own environment: its database connections say its name
    (``application_name`` in ``pg_stat_activity``)."""
    return {"PGAPPNAME": machine} if machine else {}


def purge_broker() -> None:
    """Empty the queue, and forget the jobs taken by workers that died without answering
    (an earlier run's): a worker restores those once the visibility timeout has passed."""
    from nationscup.celery import app

    app.control.purge()
    with app.connection_for_write() as broker:
        channel: Any = broker.default_channel  # kombu's Redis channel: not in the stubs
        if hasattr(channel, "unacked_key"):
            channel.client.delete(channel.unacked_key, channel.unacked_index_key)


def kill_machine(process: subprocess.Popen | None) -> None:
    """SIGKILL a process started in a session of its own, and every process of its group."""
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


class Worker:
    """``celery -A nationscup worker`` as production runs it, on the benchmark's Redis.

    ``machine`` names a worker started as a machine of its own: its own process group
    (``kill`` takes it whole) and its name on its database connections; ``env`` is
    added to this process's environment.
    """

    def __init__(
        self, *, concurrency: int = 2, machine: str | None = None, env: dict | None = None
    ):
        self.hostname = f"{machine or 'bench'}-{os.getpid()}-{time.monotonic_ns()}@localhost"
        self.concurrency = concurrency
        self.machine = machine
        self.env = {**os.environ, **machine_env(machine), **(env or {})}
        self.process: subprocess.Popen | None = None
        self.peaks: dict[int, int] = {}

    def start(self, *, purge: bool = True) -> None:
        """Start the worker; ``purge``: on an empty broker (not for one joining the others)."""
        from nationscup.celery import start_worker

        if purge:
            purge_broker()
        self.process = start_worker(
            self.hostname,
            env=self.env,
            cwd=ROOT,
            concurrency=self.concurrency,
            own_session=self.machine is not None,
        )

    def kill(self) -> None:
        """The machine loses power: the worker and its pool die at once (SIGKILL)."""
        kill_machine(self.process)

    def memory(self) -> Memory:
        if self.process is None:
            raise RuntimeError(f"{type(self).__name__} was not started")
        return pool_memory(self.process.pid, self.peaks)

    def stop(self) -> Memory:
        memory = self.memory()
        _stop(self.process)
        return memory


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def http_status(base_url: str, path: str, *, timeout: float = 120) -> int:
    """The status of one GET of ``path`` from ``base_url`` (``http://host:port``)."""
    host, port = base_url.removeprefix("http://").split(":")
    client = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        client.request("GET", path)
        return client.getresponse().status
    finally:
        client.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Web:
    """gunicorn serving ``nationscup.wsgi`` with production settings (``DEBUG=0``)."""

    def __init__(self, *, workers: int, machine: str | None = None, env: dict | None = None):
        self.workers = workers
        self.machine = machine
        self.extra_env = {**machine_env(machine), **(env or {})}
        self.port = free_port()
        self.static_root = Path(tempfile.mkdtemp(prefix="nc-bench-static-"))
        self.process: subprocess.Popen | None = None
        self.peaks: dict[int, int] = {}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "leagues.bench.web_settings",
            "BENCH_STATIC_ROOT": str(self.static_root),
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            **self.extra_env,
        }

    def start(self) -> None:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env(),
            check=True,
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "nationscup.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env(),
            start_new_session=self.machine is not None,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not listen within 30 s")

    def memory(self) -> Memory:
        if self.process is None:
            raise RuntimeError(f"{type(self).__name__} was not started")
        return pool_memory(self.process.pid, self.peaks)

    def stop(self) -> Memory:
        memory = self.memory()
        _stop(self.process)
        shutil.rmtree(self.static_root, ignore_errors=True)
        return memory


def ensure_wrk() -> str:
    """The path of wrk, installed from Debian's registry when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, check=False)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is not installed and apt-get could not install it")
    return found


def wrk(
    *, base_url: str, paths: list[str], connections: int, seconds: int, threads: int = 2
) -> dict:
    """Load ``base_url`` with ``paths`` (picked at random per request); rps and percentiles."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
        paths_file = handle.name
    try:
        completed = subprocess.run(
            [
                ensure_wrk(),
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(WRK_SCRIPT),
                base_url,
            ],
            env={**os.environ, "WRK_PATHS": paths_file},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(paths_file)
    line = next(line for line in completed.stdout.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))
