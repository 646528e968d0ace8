from django.urls import path

from solidair.network import brochure_views, recommendation_views, views

app_name = "network"
urlpatterns = [
    path("", views.about, name="about"),
    path("voor-gemeenten/", views.for_municipalities, name="for_municipalities"),
    path("bijeenkomsten/", views.meetings, name="meetings"),
    path("bijeenkomsten/<int:pk>/", views.meeting_detail, name="meeting"),
    # --- Brochures and recommendations (issue #7, items 5–6) ---
    path("brochures/", brochure_views.brochures, name="brochures"),
    path("aanbevelingen/", recommendation_views.recommendations, name="recommendations"),
    path(
        "aanbevelingen/<int:pk>/",
        recommendation_views.recommendation_detail,
        name="recommendation",
    ),
]

# --- Registering for meetings, mailed links, the calendar (issue #7, items 1-4) --------------
from solidair.network import meeting_views  # noqa: E402

urlpatterns += [
    path("bijeenkomsten.ics", meeting_views.calendar_feed, name="meetings_calendar"),
    path("bijeenkomsten/<int:pk>/inschrijven/", meeting_views.register, name="meeting_register"),
    path(
        "bijeenkomsten/inschrijving/annuleren/<str:token>/",
        meeting_views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "bijeenkomsten/inschrijving/plaats/<str:token>/",
        meeting_views.registration_offer,
        name="registration_offer",
    ),
    path(
        "bijeenkomsten/inschrijving/bevestigen/<str:token>/",
        meeting_views.registration_email,
        name="registration_email",
    ),
]
