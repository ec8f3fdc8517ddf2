"""Admin actions that say what they will change, and what is missing, before they do."""

from collections.abc import Sequence

from django.template.response import TemplateResponse


def confirmation(
    modeladmin, request, queryset, *, title: str, changes: list[str], gaps: Sequence[str] = ()
) -> TemplateResponse | None:
    """The confirmation page of the running action, or None once the organiser confirmed it.

    With ``gaps`` (what the action would go ahead without), confirming also takes an explicit
    tick of "I know what is missing"; without the tick the page is shown again.
    """
    confirmed = request.POST.get("confirmed") == "yes"
    acknowledged = not gaps or request.POST.get("acknowledge") == "yes"
    if confirmed and acknowledged:
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "changes": changes,
        "gaps": gaps,
        "not_acknowledged": confirmed and not acknowledged,
        "action": request.POST.get("action", ""),
        "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/confirm_action.html", context)
