"""The site's own settings, with static files collected into the benchmark's temporary folder."""

import os
from pathlib import Path

from nationscup.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
