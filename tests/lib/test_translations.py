"""CI fails on a missing or fuzzy translation, naming the strings.

For French and English: (a) every string of the source (what ``make messages-update`` would
extract: makemessages run in a copy of the project, so the real catalogues are left alone) is in
the catalogue; (b) no entry is untranslated or fuzzy; (c) ``msgfmt -c`` accepts the catalogue.
Needs GNU gettext (Debian package ``gettext``; .ci/run installs it).
"""

import ast
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["fr", "en"]
# The same as MESSAGES_IGNORE in the Makefile (make messages-update).
IGNORED = [".venv", "node_modules", ".tools", "staticfiles"]
# Not sources, or large and irrelevant to the copy.
NOT_COPIED = [*IGNORED, ".git", "media", "db.sqlite3", "__pycache__", ".pytest_cache"]


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    def label(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt else ""
        return f"{self.msgid!r}{context}"


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip())


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po or .pot file (without the header): enough of the format for a check."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal entry, started, target
        if started and entry.msgid:
            entries.append(entry)
        entry, started, target = Entry(), False, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # a previous msgid of an obsolete entry
                continue
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if started and target is not None:
                finish()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            if target is None:
                continue
            kind, index = target
            value = _unquote(line)
            if kind == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, kind, (getattr(entry, kind) or "") + value)
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and started and target and target[0] == "msgstr":
            finish()
        started = True
        entry.obsolete = entry.obsolete or obsolete
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            entry.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        elif keyword in ("msgid", "msgid_plural", "msgctxt"):
            setattr(entry, keyword, _unquote(rest))
            target = (keyword, 0)
    finish()
    return entries


def catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} (GNU gettext, Debian package gettext) is needed to check translations")


@pytest.fixture(scope="module")
def source_strings(tmp_path_factory) -> dict[tuple[str | None, str], Entry]:
    """The strings of the source, extracted by makemessages from a copy of the project."""
    _need("xgettext")
    _need("msgmerge")
    copy = tmp_path_factory.mktemp("messages") / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_COPIED), symlinks=True)
    ignore = [f"--ignore={name}" for name in IGNORED]
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--keep-pot", "-v0", "-l", "fr", *ignore],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pot = copy / "locale" / "django.pot"
    assert pot.exists(), f"makemessages wrote no {pot}: {result.stderr}"
    entries = {entry.key: entry for entry in read_po(pot)}
    assert len(entries) > 100, "makemessages found almost no strings: is the copy complete?"
    return entries


def _report(title: str, entries: list[Entry], language: str) -> str:
    lines = "\n".join(f"  {entry.label()}" for entry in entries)
    return (
        f"{len(entries)} {title} in {catalogue(language).relative_to(ROOT)}:\n{lines}\n"
        "Run `make messages-update`, translate, then `make messages`."
    )


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_source_string_is_in_the_catalogue(language, source_strings):
    present = {entry.key for entry in read_po(catalogue(language)) if not entry.obsolete}
    missing = [entry for key, entry in source_strings.items() if key not in present]
    assert not missing, _report("source strings missing (catalogue out of date)", missing, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_untranslated_or_fuzzy(language):
    entries = [entry for entry in read_po(catalogue(language)) if not entry.obsolete]
    fuzzy = [entry for entry in entries if "fuzzy" in entry.flags]
    empty = [
        entry
        for entry in entries
        if not entry.msgstr or any(not text for text in entry.msgstr.values())
    ]
    assert not (fuzzy or empty), "\n".join(
        report
        for report, found in (
            (_report("fuzzy entries", fuzzy, language), fuzzy),
            (_report("untranslated entries", empty, language), empty),
        )
        if found
    )


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_passes_msgfmt_check(language, tmp_path):
    _need("msgfmt")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(catalogue(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"msgfmt -c {catalogue(language)}:\n{result.stderr}"


def test_the_reader_sees_what_the_checks_need(tmp_path):
    """The .po reader itself: plural, context, multi-line, fuzzy and obsolete entries."""
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "Dag %(name)s"\nmsgstr "Bonjour %(name)s"\n\n'
        'msgctxt "maand"\nmsgid "mei"\nmsgstr ""\n\n'
        'msgid ""\n"twee "\n"regels"\nmsgstr "deux "\n"lignes"\n\n'
        'msgid "één"\nmsgid_plural "twee"\nmsgstr[0] "un"\nmsgstr[1] ""\n\n'
        '#~ msgid "weg"\n#~ msgstr "parti"\n',
        encoding="utf-8",
    )
    entries = {entry.msgid: entry for entry in read_po(po)}
    assert set(entries) == {"Dag %(name)s", "mei", "twee regels", "één", "weg"}
    assert entries["Dag %(name)s"].flags == {"fuzzy", "python-format"}
    assert entries["mei"].key == ("maand", "mei")
    assert entries["mei"].msgstr == {0: ""}
    assert entries["twee regels"].msgstr == {0: "deux lignes"}
    assert entries["één"].msgid_plural == "twee"
    assert entries["één"].msgstr == {0: "un", 1: ""}
    assert entries["weg"].obsolete
    assert not entries["twee regels"].obsolete
