from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The member's own pages: her statement today; her start page and her languages
    (Quechua, Aymara) come here next. It reads from every app below it and owns no data."""

    name = "minka.portal"
    label = "portal"
    verbose_name = "Páginas de la socia"
