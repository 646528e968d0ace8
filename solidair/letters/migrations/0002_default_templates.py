from pathlib import Path

from django.db import migrations

DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"


def forwards(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for kind in ("join", "member"):
        LetterTemplate.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={
                "salutation": "Geachte burgemeester, geachte schepenen,",
                "body": (DEFAULTS / f"{kind}.txt").read_text(encoding="utf-8"),
                "closing": "Met vriendelijke groeten,",
                "change_note": "De brief van het netwerk (2023).",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
