from django.urls import path

from solidair.membership import views

app_name = "membership"
urlpatterns = [
    path(
        "gemeenten/<slug:slug>/klopt-er-iets-niet/",
        views.correction_report,
        name="correction_report",
    ),
    path(
        "gemeenten/<slug:slug>/klopt-er-iets-niet/bedankt/",
        views.correction_report_thanks,
        name="correction_report_thanks",
    ),
]
