"""Council addresses: a council's address, the CSV import, residents' suggestions and their
review, fixing an address that does not work, and the addresses of the reference data.

`council_addresses_import` reads a CSV file in one of two formats:
- the network's own: the columns `refnis,email,source` (and optionally `last_verified`, ISO
  dates);
- the municipal contacts file of the Organisatieportaal, as shipped in
  `solidair/municipalities/data/` (`refnis,name,email,website,phone,kbo,note,source_date`):
  the e-mail is the council's address, the source the Organisatieportaal, checked on
  `source_date`; rows without an e-mail (the merged municipalities) are skipped.
Every row is checked first; a row with a problem is reported with its line number and left
out, the others create or update the municipality's address, all in one transaction. A row
without a date that repeats what is stored changes nothing (re-importing an old file is not a
new check); a row with a date older than the stored check never overwrites it, and a row of
the same day only replaces an address of its own kind (the Organisatieportaal's file never
replaces what a coordinator checked that day). Running the same file twice therefore changes
nothing.

Messages about the file are in Dutch: coordinators fix the file with them.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone

from solidair.letters import mails
from solidair.letters.composing.services import dutch_date
from solidair.letters.delivery.schedule import council_queue_reschedule
from solidair.letters.models import (
    CouncilAddress,
    CouncilAddressSuggestion,
    SuggestionStatus,
    validate_flemish,
)
from solidair.municipalities.models import (
    ORGANISATIEPORTAAL_SOURCE,
    ContactOrigin,
    FormerMunicipality,
    Municipality,
)
from solidair.municipalities.reference import (
    CONTACTS_COLUMNS,
    GeneralContact,
    contact_cells,
    general_contacts,
    general_contacts_before_mergers,
    reference_may_replace,
)

# The source as the back-office shows it; residents see "adres uit het Organisatieportaal".
COUNCIL_ADDRESS_SOURCE = (
    f"{ORGANISATIEPORTAAL_SOURCE} (algemeen e-mailadres van de gemeente; "
    "github.com/lblod/app-organization-portal, MIT, © Vlaamse Overheid)"
)

REQUIRED_COLUMNS = ("refnis", "email", "source")
OPTIONAL_COLUMNS = ("last_verified",)
# The Organisatieportaal's contacts file: the date of the source is the date of the check.
CONTACTS_REQUIRED_COLUMNS = ("refnis", "email", "source_date")
SOURCE_MAX_LENGTH = CouncilAddress._meta.get_field("source").max_length
EMAIL_MAX_LENGTH = CouncilAddress._meta.get_field("email").max_length
REFNIS = re.compile(r"\d{5}")
# simple_history keeps at most 100 characters of a change reason.
CHANGE_REASON_MAX_LENGTH = 100


class AddressFileError(ValueError):
    """The file as a whole cannot be read: it is empty, or its header lacks columns."""


@dataclass(frozen=True)
class AddressRow:
    line: int
    municipality: Municipality
    email: str
    source: str
    last_verified: datetime.date | None  # None: the file gives no date
    origin: str = ContactOrigin.NETWORK


@dataclass
class AddressImportReport:
    rows: int = 0
    created: list[AddressRow] = field(default_factory=list)
    updated: list[tuple[AddressRow, str]] = field(default_factory=list)  # with the old e-mail
    unchanged: list[AddressRow] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # line, reasons
    ignored_columns: list[str] = field(default_factory=list)
    without_address: int = 0
    contacts_file: bool = False
    without_email: int = 0  # rows of a contacts file that have no e-mail: skipped
    dry_run: bool = False

    def refuse(self, line: int, *reasons: str) -> None:
        self.refused.append((line, "; ".join(reasons)))

    def lines(self) -> list[str]:
        out = [f"{self.rows} regels met gegevens gelezen."]
        if self.contacts_file:
            out.append(
                "Contactgegevens van het Organisatieportaal: het algemene e-mailadres wordt het "
                "adres van het college, nagekeken op de datum van de bron (source_date)."
            )
            out.append(f"Zonder e-mailadres in het bestand (overgeslagen): {self.without_email}.")
        if self.ignored_columns:
            out.append("Genegeerde kolommen: " + ", ".join(self.ignored_columns) + ".")
        if self.refused:
            out.append("Geweigerd (niet ingevoerd):")
            out.extend(f"  - regel {line}: {reason}" for line, reason in sorted(self.refused))
        if self.updated:
            out.append("Bijgewerkt:")
            for row, old_email in self.updated:
                change = f"{old_email} → {row.email}" if old_email != row.email else row.email
                out.append(f"  - regel {row.line}: {row.municipality.name_nl}: {change}")
        out.append(
            f"Aangemaakt: {len(self.created)}, bijgewerkt: {len(self.updated)}, "
            f"ongewijzigd: {len(self.unchanged)}, geweigerd: {len(self.refused)}."
        )
        out.append(f"Vlaamse gemeenten zonder adres: {self.without_address}.")
        if self.dry_run:
            out.append("Proefdraai: er is niets opgeslagen.")
        return out

    def render(self) -> str:
        return "\n".join(self.lines())


# --------------------------------------------------------------------------
# A council's address
# --------------------------------------------------------------------------


def council_address(municipality: Municipality) -> CouncilAddress | None:
    return CouncilAddress.objects.filter(municipality=municipality).first()


def council_address_public(municipality: Municipality) -> CouncilAddress | None:
    """The council's address as the municipality's page shows it: not while it does not work."""
    return CouncilAddress.objects.filter(
        municipality=municipality, failing_since__isnull=True
    ).first()


# --------------------------------------------------------------------------
# Reading the file
# --------------------------------------------------------------------------


def _delimiter(first_line: str) -> str:
    """Spreadsheets in Belgium often export with semicolons."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def is_contacts_file(header: list[str]) -> bool:
    """The Organisatieportaal's contacts file (a ``source_date``, no ``source``)."""
    return "source_date" in header and "source" not in header


def read_address_file(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header's column names and the rows with the line each starts on.
    Raises AddressFileError when there is no usable header."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise AddressFileError(
            "Het bestand is leeg: de eerste regel moet de kopregel 'refnis,email,source' zijn."
        )
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text.splitlines()[0]))
    header = [name.strip().lower() for name in next(reader)]
    contacts = is_contacts_file(header)
    required = CONTACTS_REQUIRED_COLUMNS if contacts else REQUIRED_COLUMNS
    expected = ", ".join(required)
    if not set(header) & {*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *CONTACTS_COLUMNS}:
        raise AddressFileError(
            f"De eerste regel is geen kopregel: verwacht de kolommen {', '.join(REQUIRED_COLUMNS)} "
            "(en eventueel last_verified), of die van het contactbestand van het "
            f"Organisatieportaal ({','.join(CONTACTS_COLUMNS)}), gevonden: {','.join(header)!r}."
        )
    missing = [name for name in required if name not in header]
    if missing:
        label = "Kolom ontbreekt" if len(missing) == 1 else "Kolommen ontbreken"
        raise AddressFileError(
            f"{label} in de kopregel: {', '.join(missing)} (verwacht: {expected})."
        )
    doubled = sorted({name for name in header if name and header.count(name) > 1})
    if doubled:
        raise AddressFileError(f"Kolom staat meer dan eens in de kopregel: {', '.join(doubled)}.")
    rows = []
    next_line = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            if contacts and tuple(header) == CONTACTS_COLUMNS:
                cells = contact_cells(cells)
            rows.append((next_line, cells))
        next_line = reader.line_num + 1
    return header, rows


# --------------------------------------------------------------------------
# Checking rows
# --------------------------------------------------------------------------


class _Registry:
    """Municipalities by REFNIS code, including those merged away in 2025."""

    def __init__(self) -> None:
        self.current = {m.refnis: m for m in Municipality.objects.all()}
        self.former = {
            f.refnis: f for f in FormerMunicipality.objects.select_related("merged_into")
        }

    def check(self, refnis: str) -> tuple[Municipality | None, str | None]:
        if not refnis:
            return None, "geen REFNIS-code"
        if not REFNIS.fullmatch(refnis):
            return None, f"ongeldige REFNIS-code {refnis!r} (vijf cijfers verwacht)"
        municipality = self.current.get(refnis)
        if municipality is None:
            former = self.former.get(refnis)
            if former is None:
                return None, f"onbekende REFNIS-code {refnis}"
            new = former.merged_into
            return None, (
                f"REFNIS-code {refnis} is van {former.name}, sinds {dutch_date(former.merged_on)} "
                f"deel van {new.name_nl} (REFNIS-code {new.refnis})"
            )
        if not municipality.is_flemish:
            return None, f"REFNIS-code {refnis} is geen Vlaamse gemeente ({municipality.name_nl})"
        return municipality, None


def _check_email(email: str) -> str | None:
    if not email:
        return "geen e-mailadres"
    try:
        EmailValidator()(email)
    except ValidationError:
        return f"ongeldig e-mailadres {email!r}"
    if len(email) > EMAIL_MAX_LENGTH:
        return f"e-mailadres langer dan {EMAIL_MAX_LENGTH} tekens"
    return None


def _check_source(source: str) -> str | None:
    if not source:
        return "geen bron"
    if len(source) > SOURCE_MAX_LENGTH:
        return f"bron langer dan {SOURCE_MAX_LENGTH} tekens"
    return None


def _check_date(
    value: str, today: datetime.date, *, column: str = "last_verified", required: bool = False
) -> tuple[datetime.date | None, str | None]:
    if not value:
        return None, (f"geen datum in {column}" if required else None)
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None, f"ongeldige datum {value!r} in {column} (verwacht: JJJJ-MM-DD)"
    if day > today:
        return None, f"datum {value} in {column} ligt in de toekomst"
    return day, None


def _check_rows(
    header: list[str],
    rows: list[tuple[int, list[str]]],
    report: AddressImportReport,
    today: datetime.date,
) -> list[AddressRow]:
    registry = _Registry()
    contacts = is_contacts_file(header)
    checked: list[tuple[int, str, AddressRow | None, list[str]]] = []
    for line, cells in rows:
        if contacts and len(cells) == len(header) and not cells[header.index("email")].strip():
            # A municipality without an e-mail in the file (merged in 2025, or none published).
            report.without_email += 1
            continue
        if len(cells) != len(header):
            report.refuse(
                line,
                f"{len(cells)} velden in plaats van {len(header)} (staat er een "
                "scheidingsteken in een veld? Zet dat veld dan tussen aanhalingstekens)",
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
        municipality, refnis_problem = registry.check(values["refnis"])
        if contacts:
            values["source"] = COUNCIL_ADDRESS_SOURCE
            last_verified, date_problem = _check_date(
                values["source_date"], today, column="source_date", required=True
            )
        else:
            last_verified, date_problem = _check_date(values.get("last_verified", ""), today)
        problems = [
            problem
            for problem in (
                refnis_problem,
                _check_email(values["email"]),
                _check_source(values["source"]),
                date_problem,
            )
            if problem
        ]
        row = None
        if not problems:
            assert municipality is not None
            row = AddressRow(
                line=line,
                municipality=municipality,
                email=values["email"],
                source=values["source"],
                last_verified=last_verified,
                origin=ContactOrigin.ORGANISATIEPORTAAL if contacts else ContactOrigin.NETWORK,
            )
        checked.append((line, values["refnis"], row, problems))

    # Two rows for one municipality: we cannot tell which one is right.
    lines_by_refnis: dict[str, list[int]] = defaultdict(list)
    for line, refnis, _row, _problems in checked:
        if REFNIS.fullmatch(refnis):
            lines_by_refnis[refnis].append(line)
    valid = []
    for line, refnis, row, problems in checked:
        lines = lines_by_refnis.get(refnis, [])
        if len(lines) > 1:
            listed = ", ".join(str(n) for n in lines)
            problems.append(f"REFNIS-code {refnis} staat meer dan eens in het bestand ({listed})")
        if problems:
            report.refuse(line, *problems)
        else:
            assert row is not None
            valid.append(row)
    return valid


# --------------------------------------------------------------------------
# The import
# --------------------------------------------------------------------------


def _change_reason(file_name: str, line: int) -> str:
    reason = f"ingevoerd uit {file_name or 'CSV-bestand'}, regel {line}"
    if len(reason) > CHANGE_REASON_MAX_LENGTH:
        reason = f"ingevoerd uit …{file_name[-60:]}, regel {line}"
    return reason[:CHANGE_REASON_MAX_LENGTH]


def council_addresses_import(
    *,
    text: str,
    file_name: str = "",
    dry_run: bool = False,
    today: datetime.date | None = None,
) -> AddressImportReport:
    """Import council addresses from CSV text; see the module docstring."""
    today = today or timezone.localdate()
    header, rows = read_address_file(text)
    contacts = is_contacts_file(header)
    # The contacts file's other columns are known: its website and phone are the
    # municipality's (load_reference_data), its notes for people.
    known = CONTACTS_COLUMNS if contacts else (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
    report = AddressImportReport(
        rows=len(rows),
        dry_run=dry_run,
        contacts_file=contacts,
        ignored_columns=[name for name in header if name and name not in known],
    )
    valid = _check_rows(header, rows, report, today)

    with transaction.atomic():
        existing = {
            address.municipality_id: address
            for address in CouncilAddress.objects.select_for_update().filter(
                municipality__in=[row.municipality for row in valid]
            )
        }
        for row in valid:
            address = existing.get(row.municipality.pk)
            if address is None:
                address = CouncilAddress(municipality=row.municipality)
                report.created.append(row)
            else:
                same = address.email == row.email and address.source == row.source
                if row.last_verified and row.last_verified < address.last_verified:
                    if same:
                        report.unchanged.append(row)
                    else:
                        report.refuse(
                            row.line,
                            f"het adres van {row.municipality.name_nl} werd later nagekeken "
                            f"({address.last_verified.isoformat()}) dan deze regel "
                            f"({row.last_verified.isoformat()})",
                        )
                    continue
                if same and row.last_verified in (None, address.last_verified):
                    report.unchanged.append(row)
                    continue
                if (
                    row.last_verified == address.last_verified
                    and row.origin != address.origin
                    and address.origin == ContactOrigin.NETWORK
                ):
                    report.refuse(
                        row.line,
                        f"het adres van {row.municipality.name_nl} werd op dezelfde dag "
                        f"({address.last_verified.isoformat()}) door het netwerk nagekeken of "
                        "aangepast",
                    )
                    continue
                report.updated.append((row, address.email))
            new_address = address.email != row.email
            address.email = row.email
            address.source = row.source
            address.origin = row.origin
            address.last_verified = row.last_verified or today
            if not dry_run:
                address._change_reason = _change_reason(file_name, row.line)
                address.save()
                if new_address and address.is_failing:
                    council_address_failure_clear(address=address)
        with_address = CouncilAddress.objects.filter(
            municipality__in=Municipality.objects.flemish()
        ).count()
        if dry_run:
            with_address += len(report.created)
        report.without_address = Municipality.objects.flemish().count() - with_address
    return report


# --------------------------------------------------------------------------
# Residents' suggestions
# --------------------------------------------------------------------------


def council_address_suggestion_create(
    *, municipality: Municipality, email: str, note: str = ""
) -> CouncilAddressSuggestion:
    """Keep a resident's proposal for review (solidair.letters.delivery.addresses), and tell the
    coordinators. Nothing about who proposed it is kept."""
    with transaction.atomic():
        suggestion = CouncilAddressSuggestion.objects.create(
            municipality=municipality, email=email, note=note
        )
        mails.suggestion(suggestion)
    return suggestion


def _user_label(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


def _pending(suggestion: CouncilAddressSuggestion) -> CouncilAddressSuggestion:
    locked = CouncilAddressSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != SuggestionStatus.PENDING:
        raise ValidationError(
            "Dit voorstel werd al nagekeken (%(status)s).",
            params={"status": locked.get_status_display()},
        )
    return locked


def council_address_suggestion_accept(
    *,
    suggestion: CouncilAddressSuggestion,
    user: AbstractBaseUser,
    source: str | None = None,
) -> CouncilAddress:
    """Use a resident's address as the council's address, checked today by `user`.
    Replaces an address that was already known."""
    with transaction.atomic():
        locked = _pending(suggestion)
        validate_flemish(locked)
        address = CouncilAddress.objects.select_for_update().filter(
            municipality=locked.municipality
        ).first() or CouncilAddress(municipality=locked.municipality)
        address.email = locked.email
        address.source = (
            source or f"voorgesteld door een inwoner, nagekeken door {_user_label(user)}"
        )[:SOURCE_MAX_LENGTH]
        address.last_verified = timezone.localdate()
        address.origin = ContactOrigin.NETWORK
        address.full_clean()
        address._history_user = user
        address._change_reason = "voorstel van een inwoner aanvaard"
        address.save()
        if address.is_failing:
            council_address_failure_clear(address=address, by=user)
        _mark_reviewed(locked, user, SuggestionStatus.ACCEPTED, given=suggestion)
    return address


def council_address_suggestion_reject(
    *, suggestion: CouncilAddressSuggestion, user: AbstractBaseUser
) -> None:
    with transaction.atomic():
        _mark_reviewed(_pending(suggestion), user, SuggestionStatus.REJECTED, given=suggestion)


def _mark_reviewed(
    locked: CouncilAddressSuggestion,
    user: AbstractBaseUser,
    status: SuggestionStatus,
    *,
    given: CouncilAddressSuggestion,
) -> None:
    """Saves the review on the locked row and shows it on the caller's instance."""
    for suggestion in (locked, given):
        suggestion.status = status
        suggestion.reviewed_at = locked.reviewed_at or timezone.now()
        suggestion.reviewed_by = user
    locked.save(update_fields=["status", "reviewed_at", "reviewed_by"])


# --------------------------------------------------------------------------
# Addresses that do not work (solidair.letters.delivery.bounces), and their repair
# --------------------------------------------------------------------------


def council_address_failing_mark(
    *, address: CouncilAddress, reason: str, now: datetime.datetime
) -> bool:
    """The council's mail server refused a letter for good: further letters to this council
    wait (solidair.letters.delivery.dispatch) and the coordinators are told, once. False when the
    address was already marked. Call inside a transaction, with ``address`` locked."""
    if address.is_failing:
        return False
    address.failing_since = now
    address.failure_reason = reason[: CouncilAddress._meta.get_field("failure_reason").max_length]
    address._change_reason = "de mailserver van het bestuur weigerde een brief"
    address.save(update_fields=["failing_since", "failure_reason", "updated_at"])
    mails.address_failing(address)
    return True


def council_address_failure_clear(
    *,
    address: CouncilAddress,
    by: AbstractBaseUser | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """A new or re-verified address: the failure is over, and the letters that waited for it
    get new slots (solidair.letters.delivery.schedule), unless a coordinator holds the queue.
    Returns how many letters wait for this council."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = CouncilAddress.objects.select_for_update().get(pk=address.pk)
        for target in (locked, address):
            target.failing_since = None
            target.failure_reason = ""
        if by is not None:
            locked._history_user = by
        locked._change_reason = "adres hersteld: de wachtende brieven gaan opnieuw"
        locked.save(update_fields=["failing_since", "failure_reason", "updated_at"])
        if locked.queue_held:
            return 0
        return council_queue_reschedule(municipality_id=locked.municipality_id, now=now)


# Changing one of these is checking the address again: it becomes the network's own, and an
# address that did not work is cleared.
VERIFIED_FIELDS = {"email", "source", "last_verified"}


def council_address_save(
    *, address: CouncilAddress, changed: set[str], by: AbstractBaseUser
) -> int | None:
    """Save an address a coordinator added or edited in the back-office. A new e-mail or a
    new date of checking clears a failure (``council_address_failure_clear``); returns how
    many letters then go again, None when there was no failure to clear."""
    with transaction.atomic():
        was_failing = address.is_failing
        if address.pk is None or changed & VERIFIED_FIELDS:
            address.origin = ContactOrigin.NETWORK
        address._history_user = by
        address.save()
        if was_failing and changed & {"email", "last_verified"}:
            return council_address_failure_clear(address=address, by=by)
    return None


def council_address_reverified(*, address: CouncilAddress, by: AbstractBaseUser) -> int:
    """A coordinator checked that the address is right after all (the council's server had a
    problem of its own): checked today, the failure cleared, the letters go again."""
    with transaction.atomic():
        address.last_verified = timezone.localdate()
        address.origin = ContactOrigin.NETWORK
        address._history_user = by
        address._change_reason = "opnieuw nagekeken"
        address.save(update_fields=["last_verified", "origin", "updated_at"])
        return council_address_failure_clear(address=address, by=by)


# --------------------------------------------------------------------------
# The predecessors' addresses: a hint for the municipalities merged in 2025
# --------------------------------------------------------------------------


def predecessor_contacts(municipality: Municipality) -> list[GeneralContact]:
    """The general contacts (Organisatieportaal, before the 2025 mergers) of the former
    municipalities that ``municipality`` was made of, in their order of name."""
    before = general_contacts_before_mergers()
    formers = sorted(municipality.former_municipalities.all(), key=lambda former: former.name)
    return [before[former.refnis] for former in formers if former.refnis in before]


# --------------------------------------------------------------------------
# The reference data: the Organisatieportaal's addresses (migrations, load_reference_data)
# --------------------------------------------------------------------------


def load_council_addresses(CouncilAddress, Municipality) -> int:
    """The general e-mail address of each Flemish municipality in the contacts file becomes
    its council's address, checked on the file's date. An address the network checked or
    edited is kept, and one from the file only changes for a newer file
    (``reference_may_replace``). Return how many were created or changed."""
    contacts = general_contacts()
    existing = {address.municipality_id: address for address in CouncilAddress.objects.all()}
    changed = 0
    for municipality in Municipality.objects.filter(
        refnis__in=list(contacts), region="flanders"
    ).order_by("refnis"):
        row = contacts[municipality.refnis]
        if not row.email or row.source_date is None:
            continue
        address = existing.get(municipality.pk)
        if address is None:
            CouncilAddress.objects.create(
                municipality=municipality,
                email=row.email,
                source=COUNCIL_ADDRESS_SOURCE,
                last_verified=row.source_date,
                origin="organisatieportaal",
            )
        elif reference_may_replace(
            origin=address.origin, verified_on=address.last_verified, source_date=row.source_date
        ):
            values = {"last_verified": row.source_date, "source": COUNCIL_ADDRESS_SOURCE}
            if address.email != row.email:
                # A new address: the failure of the old one no longer stops the letters.
                values |= {"email": row.email, "failing_since": None, "failure_reason": ""}
            CouncilAddress.objects.filter(pk=address.pk).update(**values)
        else:
            continue
        changed += 1
    return changed
