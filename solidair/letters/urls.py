from django.urls import path

from solidair.letters.views import collective, composing, followup, privacy, sending

app_name = "letters"
urlpatterns = [
    path("", composing.start, name="start"),
    path("hoe/", composing.guide, name="guide"),
    # Personal data, follow-up, collective letters; before "<slug>/".
    path("privacy/", privacy.privacy, name="privacy"),
    path("mijn-gegevens/<str:token>/", privacy.my_data, name="my_data"),
    path("opvolging/<str:token>/<slug:answer>/", followup.followup, name="followup"),
    path(
        "samen/bevestig/<str:token>/",
        collective.collective_confirm,
        name="collective_confirm",
    ),
    path(
        "samen/ondertekening/<str:token>/",
        collective.signature_confirm,
        name="signature_confirm",
    ),
    path("samen/beheer/<str:token>/", collective.collective_manage, name="collective_manage"),
    path("samen/<str:share_key>/", collective.collective_detail, name="collective_detail"),
    path("samen/<str:share_key>/qr.svg", collective.collective_qr, name="collective_qr"),
    path(
        "samen/<str:share_key>/affiche/",
        collective.collective_poster,
        name="collective_poster",
    ),
    path("<slug:slug>/samen/", collective.collective_start, name="collective_start"),
    # Individual letters.
    path("bevestig/<str:token>/", sending.confirm, name="confirm"),
    path("<slug:slug>/", composing.compose, name="compose"),
    path("<slug:slug>/download/<str:fmt>/", composing.download, name="download"),
    path("<slug:slug>/verstuur/", sending.send, name="send"),
    path("<slug:slug>/verstuurd/", sending.send_check_mail, name="send_check_mail"),
    path("<slug:slug>/adres-voorstellen/", sending.suggest_address, name="suggest_address"),
]
