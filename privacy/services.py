"""Writes: the login history, and deleting an account while keeping its sporting record."""

import logging

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from leagues.exceptions import RuleViolation
from leagues.services.audit import record_action
from leagues.services.pages import changes_shared_pages
from privacy.models import LoginEvent
from privacy.registry import HOLDINGS, PSEUDONYM_PREFIX, Rows, Treatment, pseudonym

log = logging.getLogger(__name__)

USER_AGENT_LENGTH = LoginEvent._meta.get_field("user_agent").max_length


def record_login(*, user, request) -> LoginEvent:
    """Add one sign-in to the user's login history."""
    meta = request.META if request is not None else {}
    address = meta.get("REMOTE_ADDR") or None
    return LoginEvent.objects.create(
        user=user,
        ip_address=address,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
    )


def _erased_value(model_field: models.Field):
    return None if model_field.null else ""


@changes_shared_pages
def erase_account(*, user) -> str:
    """Delete the personal data of ``user``'s account at once; keep the sporting record.

    Names, birth dates, email, bio, login history, notification settings and the
    account's sign-in go; registrations, results, standings, payouts and
    predictions stay, under the pseudonym ``deleted-<n>``, so every ranking and
    the ledger are exactly what they were. Returns the pseudonym.
    """
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.username.startswith(PSEUDONYM_PREFIX):
            raise RuleViolation("This account has been deleted already.")
        name = pseudonym(user.pk)
        record_action(
            user=user,
            action="personal data: account deletion requested",
            detail=f"account #{user.pk}",
        )
        # Every holding's rows are found before any changes: the deletion detaches the
        # driver from the account, which the later lookups go through.
        plan = []
        for holding in HOLDINGS:
            model = apps.get_model(holding.model)
            pks = list(
                model._default_manager.filter(**{holding.owner: user.pk}).values_list(
                    "pk", flat=True
                )
            )
            plan.append((holding, model, pks))
        for holding, model, pks in plan:
            rows = model._default_manager.filter(pk__in=pks)
            if holding.rows is Rows.DELETE:
                rows.delete()
                continue
            changes = {}
            for field_name, treatment in holding.fields.items():
                model_field = model._meta.get_field(field_name)
                if treatment is Treatment.ERASE:
                    changes[model_field.attname] = _erased_value(model_field)
                elif treatment is Treatment.PSEUDONYM:
                    changes[model_field.attname] = name
            if changes:
                rows.update(**changes)
            if model in (User, apps.get_model("leagues.Driver")):
                _rename_in_admin_history(model, pks, name)
        user.refresh_from_db()
        user.set_unusable_password()
        user.is_active = user.is_staff = user.is_superuser = False
        user.save(update_fields=["password", "is_active", "is_staff", "is_superuser"])
        user.groups.clear()
        user.user_permissions.clear()
        record_action(
            user=user,
            action="personal data: account deletion completed",
            detail=f"account #{user.pk} is now {name}",
        )
    return name


def _rename_in_admin_history(model, pks: list, name: str) -> None:
    """The admin's history names objects as they were called: call them by the pseudonym."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
    ).update(object_repr=name)
