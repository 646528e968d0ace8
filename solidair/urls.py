from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from solidair.opendata.api import api
from solidair.operations.uploads import public_file

admin.site.site_header = "Solidaire Gemeenten — beheer"
admin.site.site_title = "Solidaire Gemeenten"
admin.site.index_title = "Beheer van het netwerk"

# Addresses for programs and other sites, the same in every language (no prefix): the API, the
# open data's files, badge and feeds (labels in them follow ?lang=, solidair/web/languages.py),
# uploads, the health check, and the back-office, which stays in Dutch.
urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("solidair.opendata.urls")),
    path("beheer/", admin.site.urls),
    path("bestanden/<path:path>", public_file, name="public_file"),
    # Production: health for a monitor.
    path("gezondheid/", include("solidair.operations.urls")),
]

# Pages for people, in Dutch without a prefix and in French and English under /fr/ and /en/.
urlpatterns += i18n_patterns(
    # Home, search, directory and a municipality's page (solidair/pages), named municipalities:*.
    path("", include(("solidair.pages.urls", "municipalities"))),
    # "Klopt er iets niet?" on a municipality's page.
    path("", include("solidair.membership.urls")),
    path("initiatieven/", include("solidair.initiatives.urls")),
    path("netwerk/", include("solidair.network.urls")),
    path("brief/", include("solidair.letters.urls")),
    path("portaal/", include("solidair.portal.urls")),
    path("aansluiten/", include("solidair.applications.urls")),
    # Open data: map, figures, the datasets explained (solidair/opendata).
    path("", include("solidair.opendata.page_urls")),
    prefix_default_language=False,
)
