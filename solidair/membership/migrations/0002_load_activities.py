from django.db import migrations


def forwards(apps, schema_editor):
    from solidair.membership.reference import load_activities

    load_activities(apps.get_model("membership", "Activity"))


class Migration(migrations.Migration):
    dependencies = [("membership", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
