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
