"""Small helpers for producing PDFs with Typst (the `typst` Python package).

Text that comes from people (a resident's name, their own paragraph) must never
be read as Typst markup or code. Two ways to get text into a document safely:

- `escape(text)` turns text into a Typst string expression (`#"...";`) that can
  be pasted anywhere in markup: the string is inserted as text, so `#set`,
  `*bold*`, `$x$`, `<label>`, `@ref`, `//`, `]`, `\\` all stay literal.
- Better, keep the Typst source static and pass the text as data:
  `compile_pdf(source, inputs={"letter": json.dumps(data)})`, read in Typst with
  `json(bytes(sys.inputs.letter))`. Strings from JSON are never parsed at all.

Fonts: only the fonts built into the typst package are used (Libertinus Serif,
New Computer Modern (+ Math) and DejaVu Sans Mono), never the system's, so a
PDF looks the same on every machine and every font is embedded (subsetted).
Those fonts have no emoji and no CJK glyphs; see `compile_pdf` for what happens then.
"""

import atexit
import functools
import logging
import multiprocessing
import os
import re
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

import typst

logger = logging.getLogger(__name__)

# Standards to claim when the document qualifies. PDF/UA-1 implies a tagged PDF,
# a document title and a language, and that every character has a glyph.
PDF_STANDARDS = ["ua-1"]

# Quoted parts of Typst's messages may hold a resident's text: not for the logs.
_QUOTED = re.compile(r"`[^`]*`")

# Whitespace controls, and every other character of Unicode's categories Cc (C0 and C1
# controls) and Cs (surrogates).
_WHITESPACE_CONTROLS = re.compile("[\t\n\r\v\f\x85\u2028\u2029]")
_OTHER_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text without control characters: whitespace controls (newlines, tabs)
    become spaces, other control characters and lone surrogates are dropped."""
    return _OTHER_CONTROLS.sub("", _WHITESPACE_CONTROLS.sub(" ", text))


def string_literal(text: str) -> str:
    """A Typst string literal (for code) holding exactly `text` (cleaned)."""
    return '"' + clean_text(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def escape(text: str) -> str:
    """Text as Typst markup that shows exactly these characters.

    The text becomes a string expression `#"...";`: in a string literal only `\\`
    and `"` are special, and the `;` ends the expression, so what follows in the
    markup (`.field`, `[...]`, `(...)`) is not taken as part of it. Strings are
    inserted as plain text: no smart quotes, no `--` dashes, no auto-links.
    Control characters are dropped, newlines and tabs become spaces.
    """
    if not text:
        return ""
    return "#" + string_literal(text) + ";"


def compile_pdf(
    source: str, *, inputs: dict[str, str] | None = None, root: Path | None = None
) -> bytes:
    """Compile a Typst document to a tagged PDF, claiming PDF/UA-1 if it qualifies.

    `inputs` are available in the document as `sys.inputs` (strings only).
    The source must set a document title and a text language (PDF/UA-1 needs both).

    PDF/UA-1 is refused by Typst when the document breaks one of its rules; for
    content we do not control the likely one is a character that no built-in
    font can show (an emoji, Chinese). Then the PDF is made again without the
    claim: still tagged, with title and language, the character shown as a box.
    Errors in the source itself are raised as `typst.TypstError`.

    `root` is the folder the document may read files from (images we copied there);
    the letter reads none, so it passes none.
    """
    if root is not None:
        # Documents that read files (a brochure's images) get a compiler of their own, rooted
        # in the folder that holds them.
        options = {
            "format": "pdf",
            "ignore_system_fonts": True,
            "font_paths": [],
            "sys_inputs": inputs or {},
            "pdf_tags": True,
            "root": str(root),
        }
        try:
            return typst.compile(source.encode(), pdf_standards=PDF_STANDARDS, **options)
        except typst.TypstError as error:
            if not error.message.startswith("PDF/UA-1 error"):
                raise
            logger.warning("PDF made without PDF/UA-1: %s", _QUOTED.sub("`…`", error.message))
        return typst.compile(source.encode(), pdf_standards=[], **options)
    options = {"format": "pdf", "sys_inputs": inputs or {}, "pdf_tags": True}
    with _compiler_lock:
        try:
            return _compiler().compile(
                input=source.encode(), pdf_standards=PDF_STANDARDS, **options
            )
        except typst.TypstError as error:
            if not error.message.startswith("PDF/UA-1 error"):
                raise
            logger.warning("PDF made without PDF/UA-1: %s", _QUOTED.sub("`…`", error.message))
        return _compiler().compile(input=source.encode(), pdf_standards=[], **options)


# One compiler per process, kept: it parses the built-in fonts once and keeps Typst's caches
# between documents, which makes a letter's PDF about four times cheaper than a fresh
# ``typst.compile`` (bench/send.py). It is not made for concurrent use: one compile at a time.
_compiler_lock = threading.Lock()


@functools.cache
def _compiler() -> typst.Compiler:
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[])
    return typst.Compiler(font_paths=fonts, ignore_system_fonts=True)


# --- Render processes -----------------------------------------------------------------------
# Typst holds the GIL while it compiles, so threads do not make PDFs faster. The worker
# (``manage.py run_worker``) therefore compiles them in a few processes of its own: while they
# lay out one letter, the worker builds the next one and writes the previous one to the outbox.
# Everywhere else (web requests, tests, management commands) ``compile_pdf_later`` compiles in
# the calling process, as ``compile_pdf`` does.

_processes_lock = threading.Lock()
_processes: ProcessPoolExecutor | None = None
_processes_wanted = 0


def _render_process_start(parent: int) -> None:
    """In a render process: end when the worker that started it is gone, even when it was
    killed (SIGKILL gives it no chance to stop its processes), instead of waiting forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent watch", daemon=True).start()
    _compiler()  # parse the fonts now, not during the first letter


def _render_in_process(source: str, inputs: dict[str, str] | None) -> bytes:
    return compile_pdf(source, inputs=inputs)


@contextmanager
def render_processes(count: int):
    """Within this block, ``compile_pdf_later`` compiles in ``count`` processes of their own
    (none: in the calling process). The processes start at the first PDF and stop at the end of
    the block; they are spawned fresh (no copy of the worker's threads or database connections)
    and import only this module."""
    global _processes_wanted
    with _processes_lock:
        _processes_wanted = max(count, 0)
    try:
        yield
    finally:
        render_processes_stop()
        with _processes_lock:
            _processes_wanted = 0


def render_processes_stop() -> None:
    global _processes
    with _processes_lock:
        processes, _processes = _processes, None
    if processes is not None:
        processes.shutdown(wait=True, cancel_futures=True)


def render_process_ids() -> list[int]:
    """The process IDs of the running render processes (for the benchmark's memory figures)."""
    with _processes_lock:
        if _processes is None:
            return []
        return [process.pid for process in getattr(_processes, "_processes", {}).values()]


def _pool() -> ProcessPoolExecutor | None:
    global _processes
    with _processes_lock:
        if _processes is None and _processes_wanted:
            _processes = ProcessPoolExecutor(
                max_workers=_processes_wanted,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_render_process_start,
                initargs=(os.getpid(),),
            )
        return _processes


atexit.register(render_processes_stop)


class PdfLater:
    """A PDF being compiled (``compile_pdf_later``); ``result()`` waits for it."""

    def __init__(self, source: str, inputs: dict[str, str] | None, future: Future) -> None:
        self._source, self._inputs, self._future = source, inputs, future

    def result(self) -> bytes:
        """The PDF; raises what ``compile_pdf`` raises. Made here if its process died."""
        try:
            return self._future.result()
        except BrokenProcessPool:
            # A render process died (out of memory, killed): the next PDF starts new ones.
            logger.warning("A PDF render process stopped; making the PDF in the worker.")
            render_processes_stop()
            return compile_pdf(self._source, inputs=self._inputs)


def compile_pdf_later(source: str, *, inputs: dict[str, str] | None = None) -> PdfLater:
    """``compile_pdf`` in a render process when there are some (``render_processes``), else
    at once in this one."""
    pool = _pool()
    if pool is not None:
        try:
            return PdfLater(source, inputs, pool.submit(_render_in_process, source, inputs))
        except (BrokenProcessPool, RuntimeError):
            logger.warning("The PDF render processes stopped; starting new ones.")
            render_processes_stop()
    done: Future[bytes] = Future()
    try:
        done.set_result(compile_pdf(source, inputs=inputs))
    except Exception as error:
        done.set_exception(error)
    return PdfLater(source, inputs, done)
