from django.contrib import admin
from django.urls import include, path

from solidair.lib.uploads import public_file
from solidair.opendata.api import api

admin.site.site_header = "Solidaire Gemeenten — beheer"
admin.site.site_title = "Solidaire Gemeenten"
admin.site.index_title = "Beheer van het netwerk"

urlpatterns = [
    path("", include("solidair.municipalities.urls")),
    path("initiatieven/", include("solidair.initiatives.urls")),
    path("netwerk/", include("solidair.network.urls")),
    path("brief/", include("solidair.letters.urls")),
    path("portaal/", include("solidair.portal.urls")),
    path("aansluiten/", include("solidair.applications.urls")),
    path("api/v1/", api.urls),
    # Open data: map, figures, downloads, badge, feeds (solidair/opendata).
    path("", include("solidair.opendata.urls")),
    path("beheer/", admin.site.urls),
    path("bestanden/<path:path>", public_file, name="public_file"),
    # Production (issue #9): health for a monitor.
    path("gezondheid/", include("solidair.operations.urls")),
]
