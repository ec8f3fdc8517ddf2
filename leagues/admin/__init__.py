"""The organisers' admin, one module per concept group."""

from . import drivers, rewards, rounds, seasons, standings  # noqa: F401
