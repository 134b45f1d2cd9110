from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "minka.sync"
    label = "sync"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minka.sync import changes

        changes.connect()
