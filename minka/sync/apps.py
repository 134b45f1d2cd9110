from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "minka.sync"
    label = "sync"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from django.core.signals import setting_changed

        from minka.members.access import register_holder
        from minka.sync import changes
        from minka.sync.models import Peer
        from minka.sync.owner import clear_peer_cache, held_by, held_message

        changes.connect()
        register_holder(held_by, held_message)
        for signal in (post_save, post_delete):
            signal.connect(clear_peer_cache, sender=Peer, dispatch_uid=f"sync-peers-{signal}")
        setting_changed.connect(clear_peer_cache, dispatch_uid="sync-peers-settings")
