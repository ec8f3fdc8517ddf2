from django.core.exceptions import ValidationError


class RuleViolation(ValidationError):
    """A request the rulebook refuses; its message says what to change.

    Views turn it into a form error or an HTTP 400, commands into a non-zero
    exit, the admin into an error message. Nothing has been written when it
    is raised.
    """
