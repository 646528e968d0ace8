from django.urls import path

from solidair.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.start, name="start"),
    path("gemeente/<slug:slug>/", views.municipality_start, name="municipality"),
    path("link/", views.link_request, name="link_request"),
    path("<str:token>/", views.overview, name="overview"),
    path("<str:token>/indienen/", views.submit, name="submit"),
    path("<str:token>/beslissing/document/", views.document, name="document"),
    path("<str:token>/<slug:step>/", views.step, name="step"),
]
