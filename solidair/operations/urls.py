from django.urls import path

from solidair.operations.health import health

app_name = "operations"
urlpatterns = [path("", health, name="health")]
