"""The commitments' single status is gone: its date and evidence now live on the ladder's
rungs (0008)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0008_ladder_carry_over"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="commitment",
            name="evidence_document",
        ),
        migrations.RemoveField(
            model_name="commitment",
            name="evidence_note",
        ),
        migrations.RemoveField(
            model_name="commitment",
            name="evidence_url",
        ),
        migrations.RemoveField(
            model_name="commitment",
            name="status",
        ),
        migrations.RemoveField(
            model_name="commitment",
            name="status_date",
        ),
        migrations.RemoveField(
            model_name="historicalcommitment",
            name="evidence_document",
        ),
        migrations.RemoveField(
            model_name="historicalcommitment",
            name="evidence_note",
        ),
        migrations.RemoveField(
            model_name="historicalcommitment",
            name="evidence_url",
        ),
        migrations.RemoveField(
            model_name="historicalcommitment",
            name="status",
        ),
        migrations.RemoveField(
            model_name="historicalcommitment",
            name="status_date",
        ),
    ]
