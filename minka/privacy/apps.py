from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "minka.privacy"
    label = "privacy"
    verbose_name = "Privacidad"
