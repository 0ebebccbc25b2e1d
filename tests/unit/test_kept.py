"""A worker's memory of results (services/kept.LastUsed): the last used kept, each worked out once even when many
threads ask for it at once, a failure never kept nor passed to the others."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from workspace.services.kept import LastUsed

THREADS = 16


def test_the_last_used_are_kept_and_the_oldest_forgotten():
    memory: LastUsed[str, int] = LastUsed(2)
    calls: list[str] = []

    def work(key: str, value: int):
        return lambda: calls.append(key) or value

    assert memory.get("a", work("a", 1)) == 1
    assert memory.get("b", work("b", 2)) == 2
    assert memory.get("a", work("a", 9)) == 1  # kept, and now the last used
    assert memory.get("c", work("c", 3)) == 3  # "b" goes
    assert memory.get("a", work("a", 9)) == 1
    assert memory.get("b", work("b", 4)) == 4
    assert calls == ["a", "b", "c", "b"]


@pytest.mark.parametrize("trial", range(20))
def test_threads_asking_at_once_wait_for_the_one_working_it_out(trial):
    memory: LastUsed[str, object] = LastUsed(8)
    calls = []
    start = threading.Barrier(THREADS)

    def work() -> object:
        calls.append(threading.get_ident())
        time.sleep(0.02)  # long enough for every other thread to ask meanwhile
        return object()

    def ask(_: int) -> object:
        start.wait()
        return memory.get("page", work)

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(ask, range(THREADS)))
    assert len(calls) == 1
    assert all(r is results[0] for r in results)
    assert memory.making == {}


def test_a_failure_is_the_failing_threads_own_and_the_others_try_for_themselves():
    memory: LastUsed[str, str] = LastUsed(8)
    first_in = threading.Event()
    go_on = threading.Event()

    def failing() -> str:
        first_in.set()
        go_on.wait(5)
        raise LookupError("this reader's own")

    with ThreadPoolExecutor(2) as pool:
        failed = pool.submit(memory.get, "page", failing)
        assert first_in.wait(5)
        waiting = pool.submit(memory.get, "page", lambda: "made by the second")
        time.sleep(0.05)  # the second is waiting for the first
        assert not waiting.done()
        go_on.set()
        with pytest.raises(LookupError):
            failed.result(5)
        assert waiting.result(5) == "made by the second"
    assert memory.get("page", lambda: "not asked") == "made by the second"
    assert memory.making == {}


def test_asking_again_while_working_it_out_in_the_same_thread_does_not_wait_on_itself():
    memory: LastUsed[str, str] = LastUsed(8)
    assert memory.get("page", lambda: memory.get("page", lambda: "inner") + " outer") == "inner outer"
