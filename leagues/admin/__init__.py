"""The organisers' admin, one module per concept group."""

from django.contrib import admin

from . import discipline, drivers, rewards, rounds, seasons, standings  # noqa: F401

# The first page links each season's dashboard (templates/admin/nationscup_index.html).
admin.site.index_template = "admin/nationscup_index.html"
