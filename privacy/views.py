"""The privacy page, and a signed-in person's own data: download it, delete the account.

Both act on the signed-in account only; no parameter names another one.
"""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from leagues.exceptions import RuleViolation
from leagues.services.audit import record_action
from privacy import selectors, services
from privacy.forms import DeleteAccountForm


def privacy_page(request):
    return render(request, "privacy/privacy.html", {"retention": selectors.retention_periods()})


@login_required
def my_data(request):
    return render(request, "privacy/my_data.html", {"form": DeleteAccountForm(user=request.user)})


@login_required
@require_GET
def download(request):
    document = selectors.personal_data(user=request.user)
    record_action(
        user=request.user, action="personal data: download", detail=f"account #{request.user.pk}"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    return HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="nationscup-my-data-{stamp}.json"',
            "Cache-Control": "no-store",
        },
    )


@login_required
@require_POST
def delete_account(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            name = services.erase_account(user=request.user)
        except RuleViolation as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(
                request,
                _("Your account is deleted. Your results stay in the standings as %(name)s.")
                % {"name": name},
            )
            return redirect("leagues:home")
    return render(request, "privacy/my_data.html", {"form": form}, status=400)
