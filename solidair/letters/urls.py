from django.urls import path

from solidair.letters import views, views_sending

app_name = "letters"
urlpatterns = [
    path("", views.start, name="start"),
    path("hoe/", views.guide, name="guide"),
    path("bevestig/<str:token>/", views_sending.confirm, name="confirm"),
    path("<slug:slug>/", views.compose, name="compose"),
    path("<slug:slug>/download/<str:fmt>/", views.download, name="download"),
    path("<slug:slug>/verstuur/", views_sending.send, name="send"),
    path("<slug:slug>/verstuurd/", views_sending.send_check_mail, name="send_check_mail"),
    path("<slug:slug>/adres-voorstellen/", views_sending.suggest_address, name="suggest_address"),
]
