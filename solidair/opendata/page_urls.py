"""The open data's pages, in every language (/kaart/, /fr/kaart/, ...).

Their files (GeoJSON, CSV, JSON, badge, feeds) are in solidair/opendata/urls.py, at addresses
without a language prefix: other sites link to them and they must not move.
"""

from django.urls import path

from solidair.opendata import views

app_name = "opendata_pages"
urlpatterns = [
    path("kaart/", views.map_page, name="map"),
    path("cijfers/", views.figures_page, name="figures"),
    path("open-data/", views.open_data_page, name="open_data"),
]
