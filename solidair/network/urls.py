from django.urls import path

from solidair.network import views

app_name = "network"
urlpatterns = [
    path("", views.about, name="about"),
    path("bijeenkomsten/", views.meetings, name="meetings"),
    path("bijeenkomsten/<int:pk>/", views.meeting_detail, name="meeting"),
]
