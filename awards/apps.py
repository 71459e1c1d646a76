from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Nominations, sessions and decisions")

    def ready(self):
        from awards.charts import register_chart_panel
        from awards.panels import register_panels

        register_panels()
        register_chart_panel()
