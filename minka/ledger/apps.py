from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "minka.ledger"
    label = "ledger"
    verbose_name = "Cuentas de las socias"
