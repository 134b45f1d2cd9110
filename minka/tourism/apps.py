from django.apps import AppConfig


class TourismConfig(AppConfig):
    name = "minka.tourism"
    label = "tourism"
    verbose_name = "Turismo comunitario"
