from django.urls import path

from stewarding import views

app_name = "stewarding"

urlpatterns = [
    path("seasons/<str:season>/rounds/<int:number>/protest/", views.protest, name="protest"),
    path("me/cases/<int:pk>/", views.my_case, name="my_case"),
    path("stewards/", views.desk, name="desk"),
    path("stewards/cases/<int:pk>/", views.case_detail, name="case"),
    path("stewards/lobbies/<int:lobby_id>/review/", views.review, name="review"),
]
