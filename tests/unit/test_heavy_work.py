"""Slow work is bounded: one file at a time per person (429), one per core at once (503 once the wait is
over), in worker processes whose errors reach the caller as they were raised."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest

from workspace.domain.errors import Busy, ImportFailed, ImportRefused, TooMany
from workspace.domain.word.word_reading import read_docx
from workspace.services import heavy
from workspace.services.actor import Actor

ROOT = Path(__file__).resolve().parents[2]
ANA, BEA = Actor(id=1, email="ana@example.org", name="Ana"), Actor(id=2, email="bea@example.org", name="Bea")


def test_a_second_file_of_one_person_is_refused_while_the_first_is_read():
    with heavy.heavy_work(ANA), pytest.raises(TooMany) as refused, heavy.heavy_work(ANA):
        pass
    assert refused.value.retry_after == heavy.RETRY_SECONDS
    with heavy.heavy_work(ANA):  # once read, the next is taken
        pass


def test_when_every_core_is_reading_the_next_person_waits_then_is_asked_to_come_back(monkeypatch):
    monkeypatch.setattr(heavy, "_slots", threading.BoundedSemaphore(1))
    monkeypatch.setattr(heavy, "WAIT_SECONDS", 0.2)
    with heavy.heavy_work(ANA), pytest.raises(Busy) as refused, heavy.heavy_work(BEA):
        pass
    assert refused.value.retry_after == heavy.RETRY_SECONDS
    with heavy.heavy_work(BEA):
        pass


@pytest.mark.parametrize(
    "error",
    [
        ImportFailed("a.docx", 3, "Paragraph {n} is bad.", n=2),
        TooMany("Wait {s} seconds.", retry_after=7, s=7),
        Busy("Busy.", retry_after=4),
        ImportRefused([ImportFailed("a.xlf", 1, "One."), ImportFailed("a.xlf", 9, "Two.")], {"units": []}),
    ],
)
def test_errors_cross_processes_whole(error):
    copy = pickle.loads(pickle.dumps(error))
    assert (
        type(copy) is type(error) and copy.render() == error.render() and copy.__dict__.keys() == error.__dict__.keys()
    )


def test_a_refusal_in_a_worker_process_is_raised_in_the_caller():
    with pytest.raises(ImportFailed) as refused:
        heavy.in_worker(read_docx, b"not a zip", "nada.docx")
    assert refused.value.file == "nada.docx"


KILLED_SERVER = """
import os, signal
from workspace.services.heavy import in_worker

if __name__ == "__main__":
    print(in_worker(os.getpid), flush=True)
    os.kill(os.getpid(), signal.SIG{how})
"""


def _group(pgid: int) -> list[str]:
    """The command lines of the processes of process group `pgid` still running."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:80])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return found


@pytest.mark.parametrize("how", ["TERM", "KILL"])
def test_a_server_ended_without_shutting_its_pool_leaves_no_process_behind(tmp_path, how):
    """Its workers end with it, then the fork server and the resource tracker, which live while a worker holds
    their pipes (they were left re-parented to init, for ever)."""
    script = tmp_path / "server.py"
    script.write_text(KILLED_SERVER.format(how=how))
    server = subprocess.Popen(
        [sys.executable, str(script)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        worker = int(server.stdout.readline())  # type: ignore[union-attr]
        assert worker != server.pid
        server.wait(timeout=60)
        deadline = time.monotonic() + 30
        while (left := _group(server.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert left == []
    finally:  # what a failure left behind goes
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
