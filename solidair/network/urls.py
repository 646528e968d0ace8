from django.urls import path

from solidair.network import views

app_name = "network"
urlpatterns = [
    path("", views.about, name="about"),
]
