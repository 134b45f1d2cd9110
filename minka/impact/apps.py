from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "minka.impact"
    label = "impact"
    verbose_name = "Indicadores"
