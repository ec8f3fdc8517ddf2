"""Serve the site with a Celery worker and beat beside it, and replay the demo's live
timing feed; Ctrl-C stops them all."""

import os
import signal
import subprocess
import sys

PY = sys.executable
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")

COMMANDS = {
    "web": [PY, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
    "worker": [
        PY,
        "-m",
        "celery",
        "-A",
        "nationscup",
        "worker",
        "--loglevel=INFO",
        "--concurrency=2",
    ],
    "beat": [PY, "-m", "celery", "-A", "nationscup", "beat", "--loglevel=INFO"],
    # The demo's live race: its running order posted every few seconds to the timing API.
    "timing": [PY, "manage.py", "replay_live_timing", "--url", f"http://{HOST}:{PORT}"],
}
# A process that may stop on its own (no demo live race to replay) without stopping the site.
OPTIONAL = {"timing"}


def main() -> int:
    processes = {name: subprocess.Popen(cmd) for name, cmd in COMMANDS.items()}
    print(f"\nNations Cup is up on http://{HOST}:{PORT}/  (Ctrl-C to stop)\n", flush=True)
    try:
        while True:
            for name, process in list(processes.items()):
                if process.poll() is None:
                    continue
                if name in OPTIONAL:
                    print(f"{name} exited with {process.returncode}.", flush=True)
                    del processes[name]
                    continue
                print(f"{name} exited with {process.returncode}; stopping.", flush=True)
                return process.returncode or 1
            signal.pause()  # woken by SIGCHLD when a process exits
    except KeyboardInterrupt:
        return 0
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        for process in processes.values():
            process.wait(timeout=20)


def _stop(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)
    sys.exit(main())
