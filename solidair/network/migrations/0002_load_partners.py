from django.db import migrations


def forwards(apps, schema_editor):
    from solidair.network.reference import load_partners

    load_partners(apps.get_model("network", "PartnerOrganisation"))


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
