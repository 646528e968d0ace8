"""The good-practice search's index: folded and stemmed words of the title, the summary and
the rest of the page (text, sub-projects, links' labels, image description), in three columns
that SQLite and PostgreSQL search the same way (solidair.lib.fulltext); the text's help says
how plain text is shown."""

from django.db import migrations, models


def build(apps, schema_editor):
    # What solidair.initiatives.services.initiative_search_index does, with this migration's
    # models; `manage.py rebuild_search_index` does the same with the current code.
    from solidair.lib.fulltext import index_text
    from solidair.lib.richtext import rich_text_plain

    Initiative = apps.get_model("initiatives", "Initiative")
    initiatives = Initiative.objects.prefetch_related("sub_projects", "links")
    for initiative in initiatives.iterator(chunk_size=200):
        rest = [rich_text_plain(initiative.text), initiative.image_alt]
        for sub_project in initiative.sub_projects.all():
            rest += [sub_project.title, sub_project.description]
        rest += [link.label for link in initiative.links.all()]
        Initiative.objects.filter(pk=initiative.pk).update(
            search_title=index_text(initiative.title),
            search_summary=index_text(initiative.summary),
            search_body=index_text(*rest),
        )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0003_search_text_french_names")]

    operations = [
        migrations.RemoveField(model_name="initiative", name="search_text"),
        migrations.AddField(
            model_name="initiative",
            name="search_title",
            field=models.TextField(blank=True, default="", editable=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="initiative",
            name="search_summary",
            field=models.TextField(blank=True, default="", editable=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="initiative",
            name="search_body",
            field=models.TextField(blank=True, default="", editable=False),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="historicalinitiative",
            name="text",
            field=models.TextField(
                blank=True,
                help_text="Gewone tekst: een lege regel begint een nieuwe alinea, regels die beginnen met „- ”, „* ” of „1.” worden een lijst, webadressen en e-mailadressen worden links. Andere opmaak wordt verwijderd.",
                verbose_name="tekst",
            ),
        ),
        migrations.AlterField(
            model_name="initiative",
            name="text",
            field=models.TextField(
                blank=True,
                help_text="Gewone tekst: een lege regel begint een nieuwe alinea, regels die beginnen met „- ”, „* ” of „1.” worden een lijst, webadressen en e-mailadressen worden links. Andere opmaak wordt verwijderd.",
                verbose_name="tekst",
            ),
        ),
        migrations.RunPython(build, migrations.RunPython.noop),
    ]
