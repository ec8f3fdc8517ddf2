"""The race servers' way in: POST one lobby's results as JSON with a Bearer token."""

import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from leagues.exceptions import RuleViolation
from leagues.models import RaceServer
from leagues.services.results import ingest_lobby


def _server(request) -> RaceServer | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return RaceServer.objects.filter(
        token_hash=RaceServer.hash_token(token.strip()), is_active=True
    ).first()


@csrf_exempt
@require_POST
def post_lobby_results(request):
    server = _server(request)
    if server is None:
        response = JsonResponse({"error": "A valid race server token is required."}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="results"'
        return response
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        return JsonResponse({"error": f"The body is not valid JSON: {error}"}, status=400)
    try:
        report = ingest_lobby(payload, server=server)
    except RuleViolation as error:
        return JsonResponse({"error": error.message, "errors": [error.message]}, status=400)
    if not report.ok:
        return JsonResponse({"error": report.summary(), "errors": report.errors}, status=400)
    return JsonResponse(
        {
            "created": report.created,
            "replaced": report.replaced,
            "unchanged": report.unchanged,
            "summary": report.summary(),
        },
        status=201 if report.created else 200,
    )
