from django.db import migrations


def forwards(apps, schema_editor):
    from solidair.municipalities.reference import load_municipalities

    load_municipalities(
        apps.get_model("municipalities", "Province"),
        apps.get_model("municipalities", "Municipality"),
        apps.get_model("municipalities", "PostalCode"),
        apps.get_model("municipalities", "FormerMunicipality"),
    )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
