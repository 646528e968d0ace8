from django.urls import path

from solidair.network import brochure_views, recommendation_views, views

app_name = "network"
urlpatterns = [
    path("", views.about, name="about"),
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
