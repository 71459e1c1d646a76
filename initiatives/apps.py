from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from initiatives.importing import write_rows
        from initiatives.panels import register_panels
        from records.importing import register_writer

        register_panels()
        register_writer("initiatives", write_rows)
