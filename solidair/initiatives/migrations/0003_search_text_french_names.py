"""Filled the former search column with the French names of the municipalities too.

That column is replaced by the index of 0004, which builds it for every initiative, so there is
nothing left to do here.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0002_initiative_image"),
        ("municipalities", "0001_initial"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
