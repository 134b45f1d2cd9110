from django.apps import AppConfig


class ProductionConfig(AppConfig):
    name = "minka.production"
    label = "production"
    verbose_name = "Producción"
