"""Slow work is bounded: one file at a time per person (429), one per core at once (503 once the wait is
over), in worker processes whose errors reach the caller as they were raised."""

from __future__ import annotations

import pickle
import threading

import pytest

from workspace.domain.errors import Busy, ImportFailed, ImportRefused, TooMany
from workspace.domain.word.word_reading import read_docx
from workspace.services import heavy
from workspace.services.actor import Actor

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
