from django.urls import path

from solidair.pages import views

# Included under the namespace "municipalities" (solidair/urls.py), the names these pages had
# before they gathered here.
urlpatterns = [
    path("", views.home, name="home"),
    path("zoeken/", views.search, name="search"),
    path("gemeenten/", views.directory, name="directory"),
    path("gemeenten/<slug:slug>/", views.detail, name="detail"),
]
