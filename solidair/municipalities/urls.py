from django.urls import path

from solidair.municipalities import views

app_name = "municipalities"
urlpatterns = [
    path("", views.home, name="home"),
    path("zoeken/", views.search, name="search"),
    path("gemeenten/", views.directory, name="directory"),
    path("gemeenten/<slug:slug>/", views.detail, name="detail"),
]
