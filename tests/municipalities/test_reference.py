import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from solidair.municipalities.models import Locality, Municipality, PostalCode
from solidair.municipalities.reference import DATA_DIR, load_localities, localities
from tests.factories import municipality

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_every_locality_of_the_file_is_loaded_with_its_municipality():
    rows = localities()
    assert len(rows) == Locality.objects.count() == 1182
    loaded = {
        (loc.postal_code, loc.name_nl): (loc.name_fr, loc.municipality.refnis)
        for loc in Locality.objects.select_related("municipality")
    }
    for row in rows:
        key = (row["postal_code"], row["locality_nl"])
        assert loaded[key] == (row["locality_fr"], row["municipality_refnis_2025"])


def test_every_locality_has_a_postal_code_of_its_municipality():
    codes = set(PostalCode.objects.values_list("code", "municipality_id"))
    for locality in Locality.objects.all():
        assert (locality.postal_code, locality.municipality_id) in codes, locality


def test_every_flemish_municipality_has_a_locality():
    assert not Municipality.objects.flemish().filter(localities__isnull=True).exists()


def test_loading_again_adds_nothing_and_puts_right_what_changed():
    deurne = Locality.objects.get(postal_code="2100")
    deurne.municipality = municipality("Veurne")
    deurne.save()
    Locality.objects.filter(name_nl="Kallo").delete()
    Locality.objects.create(
        postal_code="9999", name_nl="Nergens", slug="nergens", municipality=municipality("Gent")
    )

    assert load_localities(Locality, Municipality) == 2  # the two Kallo postal codes
    assert Locality.objects.get(postal_code="2100").municipality.name_nl == "Antwerpen"
    assert not Locality.objects.filter(name_nl="Nergens").exists()
    assert Locality.objects.count() == 1182
    assert load_localities(Locality, Municipality) == 0


def test_the_command_reports_the_localities():
    Locality.objects.filter(name_nl="Kallo").delete()
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "localities: 2 new" in out.getvalue()


def test_the_sources_are_named_beside_the_data():
    sources = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name in ("localities-2025.csv", "GeoNames", "CC BY 4.0", "Onroerend Erfgoed", "Statbel"):
        assert name in sources


def test_the_copy_is_the_shared_reference_file():
    shared = SHARED / "localities-flanders-2025.csv"
    if not shared.exists():
        pytest.skip("../shared/data is not present")
    with shared.open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == localities()


def test_the_sources_are_shown_where_the_municipalities_are(client):
    from django.urls import reverse

    footer = client.get("/").content.decode().split("<footer", 1)[1]
    assert "Statbel" in footer and "GeoNames" in footer and "Onroerend Erfgoed" in footer
    open_data = client.get(reverse("opendata_pages:open_data")).content.decode()
    assert "GeoNames (CC BY 4.0, www.geonames.org)" in open_data
    assert "Onroerend Erfgoed (CC BY 4.0)" in open_data
