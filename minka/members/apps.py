from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "minka.members"
    label = "members"
    verbose_name = "Socias"
