"""The ten commitments in three languages: the accessor, and the refresh of the translations."""

import pytest
from django.utils import translation

from solidair.membership.models import Activity
from solidair.membership.reference import ACTIVITIES, load_activity_translations

pytestmark = pytest.mark.django_db


def test_every_commitment_has_its_french_and_english_texts():
    assert Activity.objects.count() == len(ACTIVITIES) == 10
    for activity in Activity.objects.all():
        texts = {}
        for language in ("nl-be", "fr", "en"):
            with translation.override(language):
                texts[language] = (activity.label, activity.description)
        assert texts["nl-be"] == (activity.label_nl, activity.description_nl)
        assert texts["fr"] == (activity.label_fr, activity.description_fr)
        assert texts["en"] == (activity.label_en, activity.description_en)
        assert all(label and description for label, description in texts.values())


def test_a_missing_translation_falls_back_to_dutch():
    Activity.objects.filter(code="housing").update(label_fr="", description_en="")
    housing = Activity.objects.get(code="housing")
    with translation.override("fr"):
        assert housing.label == "Huisvesting"
    with translation.override("en"):
        assert housing.description == housing.description_nl


def test_the_refresh_sets_french_and_english_and_keeps_edited_dutch():
    Activity.objects.filter(code="volunteering").update(
        label_en="Volunteering", label_nl="Vrijwilligers (aangepast)"
    )
    assert load_activity_translations(Activity) == 1
    volunteering = Activity.objects.get(code="volunteering")
    assert volunteering.label_en == "Volunteer support"
    assert volunteering.label_nl == "Vrijwilligers (aangepast)"
    assert load_activity_translations(Activity) == 0
