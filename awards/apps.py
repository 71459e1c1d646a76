from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Nominations, sessions and decisions")

    def ready(self):
        import awards.jobs  # noqa: F401  (registers the background work)
        from awards.charts import register_chart_panel
        from awards.panels import register_panels
        from awards.services import verify_session_digests
        from records import person_sections
        from records.integrity import register_check

        register_panels()
        person_sections.register(
            person_sections.Section(
                "outlook",
                _("What is still missing for next year"),
                "awards/_person_section.html",
                order=200,
            )
        )
        register_chart_panel()
        register_check(verify_session_digests)
