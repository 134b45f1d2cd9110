from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demonstration and generated data: tools for showing and measuring, not the runtime.

    Holds no models; its commands are `minka demo` and `minka generate`.
    """

    name = "minka.demo"
    label = "demo"
    verbose_name = "Demostración y datos generados"
