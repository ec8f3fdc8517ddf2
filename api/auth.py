"""Who may post: the race servers, each with a Bearer token issued in the admin."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from leagues.models import RaceServer
from leagues.selectors.rounds import race_server_for_token


class RaceServerToken(HttpBearer):
    """``Authorization: Bearer <token>`` of an active race server; ``request.auth`` is it."""

    def authenticate(self, request: HttpRequest, token: str) -> RaceServer | None:
        return race_server_for_token(token.strip())
