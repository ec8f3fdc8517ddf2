from django.contrib import admin
from django.db import models
from django.utils.formats import number_format


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by services only (ledgers, audit, publications): the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def grouped(model: type[models.Model], field: str, *, ordering: str | None = None):
    """A list column showing ``field`` with thousands grouped (4,297,650,000, not 4297650000).

    The label is ``model``'s field's; ``ordering`` when the row reaches it through a relation.
    """
    column = model._meta.get_field(field)
    assert isinstance(column, models.Field), f"{model.__name__}.{field} is not a column"

    @admin.display(description=column.verbose_name, ordering=ordering or field)
    def show(obj) -> str:
        value = getattr(obj, field)
        return "" if value is None else number_format(value, force_grouping=True)

    show.__name__ = field
    return show
