from django.db import migrations


def load_catalogue(apps, schema_editor):
    from records import catalogue

    catalogue.load(apps)


def unload_catalogue(apps, schema_editor):
    apps.get_model("records", "HonourRule").objects.all().delete()
    apps.get_model("records", "RuleSet").objects.all().delete()
    apps.get_model("records", "Honour").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial_schema")]

    operations = [migrations.RunPython(load_catalogue, unload_catalogue)]
