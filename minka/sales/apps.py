from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "minka.sales"
    label = "sales"
    verbose_name = "Ventas"
