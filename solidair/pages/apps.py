from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "solidair.pages"
