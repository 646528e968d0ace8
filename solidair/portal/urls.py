from django.urls import include, path

from solidair.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("aanmelden/", views.sign_in, name="sign_in"),
    path("aanmelden/link/", views.sign_in_link, name="sign_in_link"),
    path("afmelden/", views.sign_out, name="sign_out"),
    path("<slug:slug>/", views.municipality_detail, name="municipality"),
    # Keeping the page: text, contacts, initiatives, commitments, pausing (portal/editing/).
    path("<slug:slug>/", include("solidair.portal.editing.urls")),
]

# --- Check-in and reception places (issue #6, items 5-7) ------------------------------------
from solidair.portal import checkin_views, reception_views  # noqa: E402

urlpatterns += [
    path("<slug:slug>/bevestigen/", checkin_views.checkin, name="checkin"),
    path("<slug:slug>/opvang/", reception_views.reception, name="reception"),
]
