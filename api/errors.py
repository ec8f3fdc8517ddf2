"""Refusals: every 4xx of the API is ``{"error": "...", "errors": [...]}``.

``errors`` lists every problem when there are several (a rejected lobby names each bad
entry); ``error`` alone is a sentence a person can act on.
"""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from leagues.exceptions import Conflict, RuleViolation


class Error(Schema):
    """A refusal; ``errors`` lists every problem of a rejected lobby."""

    error: str
    errors: list[str] = []


def refusal(message: str, errors: list[str] | None = None) -> dict:
    body: dict = {"error": message}
    if errors is not None:
        body["errors"] = errors
    return body


class BodyNotJson(ValueError):
    """The request body is not a JSON document (raised by ``api.main.Parser``)."""


def _where(loc: tuple, given: object) -> str:
    """``results[2] (driver_1): position`` for a problem at ``("results", 1, "position")``."""
    parts: list[str] = []
    for step in loc:
        if isinstance(step, int):
            parts[-1] = f"{parts[-1]}[{step + 1}]"
            if isinstance(given, dict):
                entries = given.get(parts[-1].split("[")[0])
                if isinstance(entries, list) and step < len(entries):
                    entry = entries[step]
                    if isinstance(entry, dict) and isinstance(entry.get("online_id"), str):
                        parts[-1] += f" ({entry['online_id']})"
        else:
            parts.append(str(step))
    return ": ".join(parts)


def validation_messages(errors: list[dict], body: object = None) -> list[str]:
    """Pydantic's problems as sentences naming the field, or the entry of a list."""
    missing = []
    messages = []
    for problem in errors:
        source, *loc = problem["loc"]
        if source == "body":
            loc = loc[1:]  # the operation's parameter name
        if not loc:
            messages.append(f"The body: {problem['msg']}.")
        elif problem["type"] == "missing" and len(loc) == 1:
            missing.append(str(loc[0]))
        else:
            text = problem["msg"].removeprefix("Value error, ")
            messages.append(f"{_where(tuple(loc), body)}: {text}.")
    if missing:
        messages.insert(0, "Missing field(s): " + ", ".join(missing) + ".")
    return messages


def install(api: NinjaAPI) -> None:
    """Route the project's exceptions and ninja's own to the one error shape."""

    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        body = getattr(request, "_api_body", None)
        messages = validation_messages(exc.errors, body)
        if any(problem["loc"][0] == "body" for problem in exc.errors):
            if not isinstance(body, dict):
                messages = ["The body must be a JSON object describing one lobby."]
            return respond(request, 400, refusal(messages[0], messages))
        return respond(request, 400, refusal(" ".join(messages)))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(request, 401, refusal("A valid race server token is required."))
        response["WWW-Authenticate"] = 'Bearer realm="results"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, BodyNotJson):
            return respond(request, exc.status_code, refusal(str(exc.__cause__)))
        return respond(request, exc.status_code, refusal(exc.message))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, refusal(str(exc) or "Not found."))

    @api.exception_handler(RuleViolation)
    def rule_violation(request: HttpRequest, exc: RuleViolation) -> HttpResponse:
        # A refusal may carry several reasons (a running order with unknown drivers and
        # positions out of 1..n): ``messages`` has them all, ``message`` only a single one.
        return respond(request, 400, refusal(" ".join(exc.messages), exc.messages))

    @api.exception_handler(Conflict)
    def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
        return respond(request, 409, refusal(" ".join(exc.messages), exc.messages))
