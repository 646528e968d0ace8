from django.urls import path

from solidair.letters import views

app_name = "letters"
urlpatterns = [
    path("", views.start, name="start"),
    path("hoe/", views.guide, name="guide"),
    path("<slug:slug>/", views.compose, name="compose"),
    path("<slug:slug>/download/<str:fmt>/", views.download, name="download"),
]
