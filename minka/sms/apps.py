from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    name = "minka.sms"
    label = "sms"
    verbose_name = _("Mensajes de texto (SMS)")
    default_auto_field = "django.db.models.BigAutoField"
