from django.core.exceptions import ValidationError


class RuleViolation(ValidationError):
    """A request the rulebook refuses; its message says what to change.

    Views turn it into a form error or an HTTP 400, commands into a non-zero
    exit, the admin into an error message. Nothing has been written when it
    is raised.
    """


class Conflict(RuleViolation):
    """A request that is well formed but collides with what is stored (HTTP 409).

    A driver who already has a result in another lobby of the slot, a round that
    closed meanwhile, an ``Idempotency-Key`` already used for another request.
    """
