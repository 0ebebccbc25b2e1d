"""The administrators' accounts search at an organisation's size: 1,000 and 10,000 accounts, a search that finds a
few (accents and case set aside, compared in Python: services/accounts/users.accounts_window) and the first page
without one. Printed: each search's time and its growth for ten times the accounts. Run with `make bench`; asserts
only what this run measures of itself (the accounts found, and growth well under ×20)."""

from __future__ import annotations

import time

from sqlalchemy import insert

from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store
from workspace.store.models import User

SIZES = (1_000, 10_000)
NAMES = ("José Martínez", "Ángela Dubois", "François Lefèvre", "Amina Diallo", "Chen Wei")


def test_the_accounts_search_grows_with_the_accounts_in_milliseconds(db_url):
    backend = db_url.split(":")[0]
    store = make_store(db_url)
    taken: dict[int, float] = {}
    made = 0
    try:
        for size in SIZES:
            with store.engine.begin() as conn:
                conn.execute(
                    insert(User),
                    [
                        {"email": f"p{n:05d}@example.org", "name": f"{NAMES[n % len(NAMES)]} {n}"}
                        for n in range(made, size)
                    ],
                )
            made = size
            best = float("inf")
            for _ in range(5):
                started = time.perf_counter()
                shown, found = accounts.accounts_window(store, SYSTEM, None, "jose martinez 1")
                best = min(best, time.perf_counter() - started)
            taken[size] = best
            started = time.perf_counter()
            first, _ = accounts.accounts_window(store, SYSTEM, None, "")
            unsearched = time.perf_counter() - started
            print(
                f"\n[{backend}] {size:,} accounts: a search {best * 1e3:.1f} ms ({shown.total} found), the first page "
                f"without one {unsearched * 1e3:.1f} ms"
            )
            assert found and all(u.name.startswith("José Martínez 1") for u in found)
            assert first.total == size
    finally:
        store.dispose()
    growth = taken[SIZES[1]] / taken[SIZES[0]]
    print(f"[{backend}] search growth for ×10 the accounts: ×{growth:.1f}")
    assert growth < 20
