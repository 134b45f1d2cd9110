from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "minka.languages"
    label = "languages"
    verbose_name = "Idiomas"
