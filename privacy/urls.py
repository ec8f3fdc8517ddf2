from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.privacy_page, name="privacy"),
    path("me/data/", views.my_data, name="my_data"),
    path("me/data/download.json", views.download, name="download"),
    path("me/data/delete/", views.delete_account, name="delete"),
]
