"""Council addresses: the CSV import and the review of residents' suggestions.

`council_addresses_import` reads a CSV file with the columns `refnis,email,source`
(and optionally `last_verified`, ISO dates). Every row is checked first; a row with
a problem is reported with its line number and left out, the others create or update
the municipality's address, all in one transaction. A row without a date that
repeats what is stored changes nothing (re-importing an old file is not a new
check), and a row with a date older than the stored check never overwrites it.
Running the same file twice therefore changes nothing.

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

from solidair.letters.models import (
    CouncilAddress,
    CouncilAddressSuggestion,
    SuggestionStatus,
    validate_flemish,
)
from solidair.letters.services import dutch_date
from solidair.municipalities.models import FormerMunicipality, Municipality

REQUIRED_COLUMNS = ("refnis", "email", "source")
OPTIONAL_COLUMNS = ("last_verified",)
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


@dataclass
class AddressImportReport:
    rows: int = 0
    created: list[AddressRow] = field(default_factory=list)
    updated: list[tuple[AddressRow, str]] = field(default_factory=list)  # with the old e-mail
    unchanged: list[AddressRow] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # line, reasons
    ignored_columns: list[str] = field(default_factory=list)
    without_address: int = 0
    dry_run: bool = False

    def refuse(self, line: int, *reasons: str) -> None:
        self.refused.append((line, "; ".join(reasons)))

    def lines(self) -> list[str]:
        out = [f"{self.rows} regels met gegevens gelezen."]
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
# Reading the file
# --------------------------------------------------------------------------


def _delimiter(first_line: str) -> str:
    """Spreadsheets in Belgium often export with semicolons."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


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
    expected = ", ".join(REQUIRED_COLUMNS)
    if not set(header) & {*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS}:
        raise AddressFileError(
            f"De eerste regel is geen kopregel: verwacht de kolommen {expected} "
            f"(en eventueel last_verified), gevonden: {','.join(header)!r}."
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
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


def _check_date(value: str, today: datetime.date) -> tuple[datetime.date | None, str | None]:
    if not value:
        return None, None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None, f"ongeldige datum {value!r} in last_verified (verwacht: JJJJ-MM-DD)"
    if day > today:
        return None, f"datum {value} in last_verified ligt in de toekomst"
    return day, None


def _check_rows(
    header: list[str],
    rows: list[tuple[int, list[str]]],
    report: AddressImportReport,
    today: datetime.date,
) -> list[AddressRow]:
    registry = _Registry()
    checked: list[tuple[int, str, AddressRow | None, list[str]]] = []
    for line, cells in rows:
        if len(cells) != len(header):
            report.refuse(
                line,
                f"{len(cells)} velden in plaats van {len(header)} (staat er een "
                "scheidingsteken in een veld? Zet dat veld dan tussen aanhalingstekens)",
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
        municipality, refnis_problem = registry.check(values["refnis"])
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
    report = AddressImportReport(
        rows=len(rows),
        dry_run=dry_run,
        ignored_columns=[
            name for name in header if name and name not in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
        ],
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
                report.updated.append((row, address.email))
            address.email = row.email
            address.source = row.source
            address.last_verified = row.last_verified or today
            if not dry_run:
                address._change_reason = _change_reason(file_name, row.line)
                address.save()
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
        address.full_clean()
        address._history_user = user
        address._change_reason = "voorstel van een inwoner aanvaard"
        address.save()
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
