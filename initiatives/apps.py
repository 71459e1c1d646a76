from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from initiatives.importing import write_rows
        from initiatives.panels import register_panels
        from records import person_sections
        from records.importing import register_writer

        register_panels()
        register_writer("initiatives", write_rows)
        person_sections.register(
            person_sections.Section(
                "initiatives", _("Initiatives"), "initiatives/_person_section.html"
            )
        )
