"""The payout pages of one season, included under ``seasons/<season>/payouts/``."""

from django.urls import path

from .views import payouts

urlpatterns = [
    path("", payouts.payout_preview, name="payout_preview"),
    path("preview.csv", payouts.payout_preview_csv, name="payout_preview_csv"),
    path("confirm/", payouts.payout_confirm, name="payout_confirm"),
    path("run/", payouts.payout_run, name="payout_run"),
    path("run/resume/", payouts.payout_resume, name="payout_resume"),
    path("payouts.csv", payouts.payout_csv, name="payout_csv"),
]
