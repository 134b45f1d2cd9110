from django.apps import AppConfig


class OpsConfig(AppConfig):
    """The operator's commands for a whole site: `minka serve` and `minka backup`.

    Holds no models; the backup mechanics (no domain knowledge) are in minka/lib/backup.py.
    """

    name = "minka.ops"
    label = "ops"
    verbose_name = "Operación del sitio"
