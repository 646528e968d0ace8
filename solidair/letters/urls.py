from django.urls import path

from solidair.letters import views, views_sending, views_together

app_name = "letters"
urlpatterns = [
    path("", views.start, name="start"),
    path("hoe/", views.guide, name="guide"),
    # Collective letters, follow-up, personal data (views_together); before "<slug>/".
    path("privacy/", views_together.privacy, name="privacy"),
    path("mijn-gegevens/<str:token>/", views_together.my_data, name="my_data"),
    path("opvolging/<str:token>/<slug:answer>/", views_together.followup, name="followup"),
    path(
        "samen/bevestig/<str:token>/",
        views_together.collective_confirm,
        name="collective_confirm",
    ),
    path(
        "samen/ondertekening/<str:token>/",
        views_together.signature_confirm,
        name="signature_confirm",
    ),
    path("samen/beheer/<str:token>/", views_together.collective_manage, name="collective_manage"),
    path("samen/<str:share_key>/", views_together.collective_detail, name="collective_detail"),
    path("samen/<str:share_key>/qr.svg", views_together.collective_qr, name="collective_qr"),
    path(
        "samen/<str:share_key>/affiche/",
        views_together.collective_poster,
        name="collective_poster",
    ),
    path("<slug:slug>/samen/", views_together.collective_start, name="collective_start"),
    # Individual letters.
    path("bevestig/<str:token>/", views_sending.confirm, name="confirm"),
    path("<slug:slug>/", views.compose, name="compose"),
    path("<slug:slug>/download/<str:fmt>/", views.download, name="download"),
    path("<slug:slug>/verstuur/", views_sending.send, name="send"),
    path("<slug:slug>/verstuurd/", views_sending.send_check_mail, name="send_check_mail"),
    path("<slug:slug>/adres-voorstellen/", views_sending.suggest_address, name="suggest_address"),
]
