"""A driver's email preferences, linked from "My seasons"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from leagues.selectors.drivers import driver_for_user
from notifications import services
from notifications.forms import NotificationPreferenceForm


@login_required
def preferences(request):
    driver = driver_for_user(request.user)
    if driver is None:
        return redirect("leagues:profile")
    preference = services.preference_for(driver)
    if preference.pk is None:
        preference.language = get_language()
    form = NotificationPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.save_preference(driver=driver, **form.cleaned_data)
        messages.success(request, _("Your email preferences are saved."))
        return redirect("notifications:preferences")
    status = 400 if form.errors else 200
    context = {"form": form, "driver": driver, "has_email": bool(request.user.email)}
    return render(request, "notifications/preferences.html", context, status=status)
