from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "minka.governance"
    label = "governance"
    verbose_name = "Asambleas y junta directiva"
