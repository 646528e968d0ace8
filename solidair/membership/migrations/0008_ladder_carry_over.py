"""Carry each commitment's single status onto the ladder, losing no date and no evidence.

- *beslist* becomes the rung *beslist*, *in uitvoering* the rung *in uitvoering*, with the
  status's date, link, source and PDF;
- *gerealiseerd* becomes the rung *zichtbaar voor inwoners* (what the former network page
  meant by it), with its date if there was one: the claims carried over from that page had
  none and stay "claimed, date unknown" until the municipality confirms them;
- *stopgezet* keeps its date as the date it stopped; what it was before is not known, so it
  keeps one rung, *beslist*, with its date unknown and the evidence it had.

The reverse puts the highest rung back into the status (a stopped commitment stays stopped).
"""

from django.db import migrations

DECIDED, IN_POLICY, IN_PROGRESS, VISIBLE = 1, 2, 3, 4
RUNG_OF_STATUS = {"decided": DECIDED, "in_progress": IN_PROGRESS, "realised": VISIBLE}
STATUS_OF_RUNG = {DECIDED: "decided", IN_POLICY: "decided", IN_PROGRESS: "in_progress"}


def forwards(apps, schema_editor):
    Commitment = apps.get_model("membership", "Commitment")
    CommitmentRung = apps.get_model("membership", "CommitmentRung")
    rungs = []
    for commitment in Commitment.objects.all().iterator():
        evidence = {
            "evidence_url": commitment.evidence_url,
            "evidence_note": commitment.evidence_note,
            "evidence_document": commitment.evidence_document.name or "",
        }
        if commitment.status == "stopped":
            commitment.state = "stopped"
            commitment.state_date = commitment.status_date
            rung = CommitmentRung(commitment=commitment, rung=DECIDED, date=None, **evidence)
        else:
            commitment.state = "active"
            rung = CommitmentRung(
                commitment=commitment,
                rung=RUNG_OF_STATUS[commitment.status],
                date=commitment.status_date,
                **evidence,
            )
        commitment.rung = rung.rung
        commitment.save(update_fields=["state", "state_date", "rung"])
        rungs.append(rung)
    CommitmentRung.objects.bulk_create(rungs, batch_size=500)


def backwards(apps, schema_editor):
    Commitment = apps.get_model("membership", "Commitment")
    for commitment in Commitment.objects.prefetch_related("rungs").iterator(chunk_size=500):
        records = sorted(commitment.rungs.all(), key=lambda r: r.rung)
        top = records[-1] if records else None
        if commitment.state == "stopped":
            commitment.status = "stopped"
            commitment.status_date = commitment.state_date
        else:
            commitment.status = STATUS_OF_RUNG.get(commitment.rung, "realised")
            commitment.status_date = top.date if top else None
        if top is not None:
            commitment.evidence_url = top.evidence_url
            commitment.evidence_note = top.evidence_note
            commitment.evidence_document = top.evidence_document.name
        commitment.save()


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0007_ladder"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
