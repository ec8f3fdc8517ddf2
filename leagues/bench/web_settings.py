"""The site's own settings, with static files collected into the benchmark's temporary folder."""

import os

from nationscup.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
