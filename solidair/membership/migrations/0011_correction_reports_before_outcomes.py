"""The reports made before claims, replies and outcomes: about the page in general; a handled one
keeps who and when, with the outcome "handled, not recorded". None of them was made under the
promise that its text would be public: their text stays private."""

from django.db import migrations


def forwards(apps, schema_editor):
    report = apps.get_model("membership", "CorrectionReport")
    report.objects.update(claim_kind="page", message_public=False)
    report.objects.filter(status="handled").update(outcome="handled")


def backwards(apps, schema_editor):
    report = apps.get_model("membership", "CorrectionReport")
    report.objects.exclude(outcome="").update(status="handled")
    report.objects.filter(outcome="").update(status="open")


class Migration(migrations.Migration):
    dependencies = [("membership", "0010_correction_report_claims")]

    operations = [migrations.RunPython(forwards, backwards)]
