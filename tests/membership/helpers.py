"""Helpers of the membership tests."""

import json

from django.apps import apps
from django.db import models


def text_dump() -> str:
    """Every text column of every table (the outbox, its logs and the history included)."""
    chunks = []
    for model in apps.get_models(include_auto_created=True):
        columns = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField, models.JSONField))
        ]
        if columns:
            for row in model._base_manager.values_list(*columns):
                chunks.append(json.dumps(row, default=str))
    return "\n".join(chunks).lower()
