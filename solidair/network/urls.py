from django.urls import path

from solidair.network.views import about, brochures, meetings, recommendations

app_name = "network"
urlpatterns = [
    path("", about.about, name="about"),
    path("voor-gemeenten/", about.for_municipalities, name="for_municipalities"),
    path("bijeenkomsten/", meetings.meeting_list, name="meetings"),
    path("bijeenkomsten/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("brochures/", brochures.brochures, name="brochures"),
    path("aanbevelingen/", recommendations.recommendations, name="recommendations"),
    path(
        "aanbevelingen/<int:pk>/",
        recommendations.recommendation_detail,
        name="recommendation",
    ),
    path("bijeenkomsten.ics", meetings.calendar_feed, name="meetings_calendar"),
    path("bijeenkomsten/<int:pk>/inschrijven/", meetings.register, name="meeting_register"),
    path(
        "bijeenkomsten/inschrijving/annuleren/<str:token>/",
        meetings.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "bijeenkomsten/inschrijving/plaats/<str:token>/",
        meetings.registration_offer,
        name="registration_offer",
    ),
    path(
        "bijeenkomsten/inschrijving/bevestigen/<str:token>/",
        meetings.registration_email,
        name="registration_email",
    ),
]
