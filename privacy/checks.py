"""``manage.py check`` fails while a field that may hold personal data is unclassified.

A field "looks personal" when a word of its name does (name, birth, email,
address, notes ...) or when it points at a user account or a driver. Each one
must be listed in ``privacy/registry.py``: as a personal field of a holding
(with what deletion does to it), as a model that is a holding (its rows are
downloaded with the person's data), or as not personal at all.
"""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks

from privacy.registry import HOLDINGS, NOT_PERSONAL, holding_for

PERSONAL_WORDS = re.compile(
    r"(^|_)(name|birth|born|dob|email|mail|phone|mobile|address|ip|street|city|postcode|zip"
    r"|bio|notes?|reason|agent|passport|gender|avatar|photo)(_|$)"
)
PERSON_MODELS = {"auth.User", "leagues.Driver"}


def project_models():
    """The models of the project's own apps, and the user account."""
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        own = base in path.parents and ".venv" not in path.parts
        for model in config.get_models():
            if own or model._meta.label == "auth.User":
                yield model


def unclassified_fields() -> list[str]:
    """``app.Model.field`` of every personal-looking field that the registry does not classify."""
    missing = []
    for model in project_models():
        label = model._meta.label
        holding = holding_for(label)
        for model_field in model._meta.concrete_fields:
            points_at_person = (
                model_field.is_relation and model_field.related_model._meta.label in PERSON_MODELS
            )
            if not (points_at_person or PERSONAL_WORDS.search(model_field.name)):
                continue
            name = f"{label}.{model_field.name}"
            if name in NOT_PERSONAL:
                continue
            if holding is None or (not points_at_person and model_field.name not in holding.fields):
                missing.append(name)
    return missing


def unknown_entries() -> list[str]:
    """Registry entries that name a model or field that no longer exists."""
    unknown = []
    for holding in HOLDINGS:
        try:
            model = apps.get_model(holding.model)
        except LookupError:
            unknown.append(holding.model)
            continue
        names = {f.name for f in model._meta.concrete_fields}
        unknown += [f"{holding.model}.{name}" for name in holding.fields if name not in names]
    return unknown


@checks.register()
def personal_data_is_classified(app_configs=None, **kwargs):
    errors = [
        checks.Error(
            f"{name} may hold personal data and is not classified.",
            hint=(
                "Add it to privacy/registry.py: a field of its model's Holding (with what "
                "deleting an account does to it), a Holding for the model, or NOT_PERSONAL; "
                "then say on the privacy page what is kept and for how long."
            ),
            id="privacy.E001",
        )
        for name in unclassified_fields()
    ]
    errors += [
        checks.Error(
            f"privacy/registry.py names {name}, which does not exist.",
            hint="Remove or rename the entry.",
            id="privacy.E002",
        )
        for name in unknown_entries()
    ]
    return errors
