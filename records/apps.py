from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Records")

    def ready(self):
        from records import audit, checks, lookups  # noqa: F401 (checks, lookups register)
        from records.panels import register_panels
        from records.roles import sync_groups

        register_panels()
        audit.connect()
        # Every app's post_migrate: permissions of apps migrated later exist only then.
        post_migrate.connect(sync_groups, dispatch_uid="records.sync_groups")
