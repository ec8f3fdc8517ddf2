from django.shortcuts import render


def event_list(request):
    return render(request, "live_events/event_list.html")
