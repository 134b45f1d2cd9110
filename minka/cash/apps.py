from django.apps import AppConfig


class CashConfig(AppConfig):
    name = "minka.cash"
    label = "cash"
    verbose_name = "Caja"
