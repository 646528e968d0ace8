"""The stored search text of every initiative gets the French name of its municipality."""

from django.db import migrations


def refresh(apps, schema_editor):
    import nh3

    from solidair.initiatives.models import search_document

    Initiative = apps.get_model("initiatives", "Initiative")
    for initiative in Initiative.objects.select_related("municipality").iterator():
        initiative.search_text = search_document(
            initiative.title,
            initiative.summary,
            nh3.clean(initiative.text, tags=set()),
            initiative.municipality.name_nl,
            initiative.municipality.name_fr,
        )
        initiative.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0002_initiative_image"),
        ("municipalities", "0001_initial"),
    ]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
