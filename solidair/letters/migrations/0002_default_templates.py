from django.db import migrations


def forwards(apps, schema_editor):
    from solidair.letters.composing.reference import load_default_templates

    load_default_templates(apps.get_model("letters", "LetterTemplate"))


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
