"""One router per area; ``api.main`` mounts them all at ``/api/v1``."""
