from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Load the demo data (the province of the source article); running it again changes nothing."
    )

    def handle(self, *args, **options):
        # Each app seeds its own part in `<app>/demo.py`, in the order of INSTALLED_APPS, so an
        # upper app's demo can build on the records of the apps below it.
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if module_has_submodule(app_config.module, "demo"):
                    import_module(f"{app_config.name}.demo").seed(self.stdout)
        from records.demo import print_logins

        print_logins(self.stdout)
