"""PDFs made in the worker's render processes (solidair.lib.typst.render_processes): the same
PDFs as in the worker itself, Typst's errors passed on, and no process left behind."""

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import typst
from pypdf import PdfReader

from solidair.lib import typst as typst_lib

# Starts render processes and a worker.
pytestmark = pytest.mark.slow

BASE_DIR = Path(__file__).resolve().parents[2]
SOURCE = """
#set document(title: "Brief")
#set text(lang: "nl")
#let letter = json(bytes(sys.inputs.letter))
= Brief van #letter.name
#letter.body
"""


def inputs(number: int) -> dict[str, str]:
    return {"letter": f'{{"name": "Inwoner {number}", "body": "Geacht college, brief {number}."}}'}


def text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ended, not yet reaped by its parent) counts as ended.
    return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"


def test_without_render_processes_the_pdf_is_made_at_once_in_this_process():
    later = typst_lib.compile_pdf_later(SOURCE, inputs=inputs(1))
    assert typst_lib.render_process_ids() == []
    assert "Inwoner 1" in text(later.result())


def test_render_processes_make_the_same_pdfs_side_by_side_and_stop_at_the_end():
    with typst_lib.render_processes(2):
        pending = [typst_lib.compile_pdf_later(SOURCE, inputs=inputs(n)) for n in range(6)]
        pdfs = [later.result() for later in pending]
        pids = typst_lib.render_process_ids()
        assert len(pids) == 2 and os.getpid() not in pids
    # The same documents (the bytes differ by their creation time and ID).
    assert [text(pdf) for pdf in pdfs] == [
        text(typst_lib.compile_pdf(SOURCE, inputs=inputs(n))) for n in range(6)
    ]
    assert "Inwoner 5" in text(pdfs[5])
    assert typst_lib.render_process_ids() == []
    assert not any(alive(pid) for pid in pids)


def test_typst_errors_come_back_from_the_render_process():
    with typst_lib.render_processes(1):
        later = typst_lib.compile_pdf_later('#set document(title: "t")\n#panic("kapot")')
        with pytest.raises(typst.TypstError, match="kapot"):
            later.result()
        # The process is still there for the next PDF.
        assert "Inwoner 2" in text(typst_lib.compile_pdf_later(SOURCE, inputs=inputs(2)).result())


def test_a_render_process_that_dies_costs_no_pdf():
    with typst_lib.render_processes(1):
        typst_lib.compile_pdf_later(SOURCE, inputs=inputs(1)).result()
        [pid] = typst_lib.render_process_ids()
        os.kill(pid, signal.SIGKILL)
        while alive(pid):
            time.sleep(0.05)
        # The PDF asked for when the process had died: made in this process instead.
        assert "Inwoner 3" in text(typst_lib.compile_pdf_later(SOURCE, inputs=inputs(3)).result())
        # The next one starts new processes.
        assert "Inwoner 4" in text(typst_lib.compile_pdf_later(SOURCE, inputs=inputs(4)).result())
        assert typst_lib.render_process_ids() not in ([], [pid])


def test_render_processes_end_when_their_worker_is_killed():
    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import sys, time
                from solidair.lib import typst as typst_lib
                from tests.lib.test_render_processes import SOURCE, inputs

                with typst_lib.render_processes(2):
                    pending = [typst_lib.compile_pdf_later(SOURCE, inputs=inputs(n))
                               for n in range(4)]
                    for later in pending:
                        later.result()
                    print(*typst_lib.render_process_ids(), flush=True)
                    time.sleep(60)
                """
            ),
        ],
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        pids = [int(pid) for pid in worker.stdout.readline().split()]
        assert len(pids) == 2 and all(alive(pid) for pid in pids)
    finally:
        worker.kill()  # SIGKILL: no chance to stop its render processes itself
        worker.wait()
        worker.stdout.close()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in pids)
