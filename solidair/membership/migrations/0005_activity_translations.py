from django.db import migrations


def forwards(apps, schema_editor):
    from solidair.membership.reference import load_activity_translations

    load_activity_translations(apps.get_model("membership", "Activity"))


class Migration(migrations.Migration):
    """Better English (and a little French) for the ten commitments; Dutch untouched."""

    dependencies = [("membership", "0004_commitment_stopped_and_evidence_document")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
