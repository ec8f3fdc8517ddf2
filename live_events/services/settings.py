from leagues.models import Season
from live_events.models import LiveSeasonSettings


def ensure_live_settings(*, season: Season) -> LiveSeasonSettings:
    """The season's live settings, created with the defaults the first time."""
    settings, _ = LiveSeasonSettings.objects.get_or_create(season=season)
    return settings
