"""The organisers' admin, one module per concept group."""

from . import discipline, drivers, rewards, rounds, seasons, standings  # noqa: F401
