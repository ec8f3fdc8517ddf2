"""Regenerate each app's 0001_initial migration from the models (pre-release only).

Until the first release each app has one generated migration, 0001_initial,
plus hand-written data migrations (0002_… onwards) that depend on it. After
changing a model run ``.venv/bin/python scripts/remigrate.py``: the data
migrations are set aside, 0001_initial is made anew, and they are put back.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("leagues", "live_events")


def main() -> int:
    aside = Path(tempfile.mkdtemp())
    moved: list[tuple[Path, Path]] = []
    for app in APPS:
        folder = ROOT / app / "migrations"
        initial = folder / "0001_initial.py"
        if initial.exists():
            initial.unlink()
        for path in sorted(folder.glob("0*.py")):
            target = aside / f"{app}-{path.name}"
            shutil.move(path, target)
            moved.append((target, path))
    try:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "nationscup.settings"}
        return subprocess.call(
            [sys.executable, "manage.py", "makemigrations", *APPS], cwd=ROOT, env=env
        )
    finally:
        for target, path in moved:
            shutil.move(target, path)


if __name__ == "__main__":
    sys.exit(main())
