from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "minka.learning"
    label = "learning"
    verbose_name = "Capacitaciones"
