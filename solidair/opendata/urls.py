"""The open data's files: map data, figures' CSV, downloads, badge, feeds.

Stable addresses without a language prefix (other sites and programs use them); labels in them
follow ``?lang=fr|en`` (solidair.web.languages). The pages are in page_urls.py.
"""

from django.urls import path

from solidair.opendata import feeds, views

app_name = "opendata"
urlpatterns = [
    path("kaart/gemeenten.geojson", views.map_geojson, name="map_geojson"),
    path("cijfers/<slug:slug>.csv", views.figure_csv, name="figure_csv"),
    path("open-data/<slug:slug>.csv", views.dataset_download, {"fmt": "csv"}, name="dataset_csv"),
    path(
        "open-data/<slug:slug>.json", views.dataset_download, {"fmt": "json"}, name="dataset_json"
    ),
    path("badge/<slug:slug>.svg", views.badge_svg, name="badge_svg"),
    path("badge/<slug:slug>.png", views.badge_png, name="badge_png"),
    path("feeds/leden.atom", feeds.NewMembersFeed(), name="feed_members"),
    path("feeds/praktijken.atom", feeds.NewPracticesFeed(), name="feed_practices"),
    path(
        "feeds/aanbevelingen.atom",
        feeds.RecommendationUpdatesFeed(),
        name="feed_recommendations",
    ),
]
