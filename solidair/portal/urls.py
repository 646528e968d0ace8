from django.urls import include, path

from solidair.portal.views import checkins, overview, receptions, sign_in

app_name = "portal"
urlpatterns = [
    path("", overview.home, name="home"),
    path("aanmelden/", sign_in.sign_in, name="sign_in"),
    path("aanmelden/link/", sign_in.sign_in_link, name="sign_in_link"),
    path("afmelden/", sign_in.sign_out, name="sign_out"),
    path("<slug:slug>/", overview.municipality_detail, name="municipality"),
    # Keeping the page: text, contacts, initiatives, commitments, pausing (portal/editing/).
    path("<slug:slug>/", include("solidair.portal.editing.urls")),
    path("<slug:slug>/bevestigen/", checkins.checkin, name="checkin"),
    path("<slug:slug>/opvang/", receptions.reception, name="reception"),
]
