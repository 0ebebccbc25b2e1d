"""The Kütahya demo (drafts/kutahya-2021) in a test's database, imported once per test process and backend and then
put back (`tests.conftest.restored`): importing the folder costs a quarter of a second on SQLite and more on
PostgreSQL, settling it for publication half a second more, and some thirty tests start from one or the other."""

from __future__ import annotations

from tests.conftest import restored
from workspace.services import transfer
from workspace.services.actor import SYSTEM
from workspace.settings import ROOT
from workspace.store.db import Store

KUTAHYA = ROOT / "drafts" / "kutahya-2021"


def _imported(store: Store) -> None:
    transfer.import_folder(store, None, KUTAHYA)


def _settled(store: Store) -> None:
    from tests.integration.services.publication.test_publication import settle

    transfer.import_folder(store, None, KUTAHYA)
    settle(store, SYSTEM)


def kutahya(store: Store) -> None:
    """The demo as its folder holds it."""
    restored(store, "kutahya demo", _imported)


def settled_kutahya(store: Store) -> None:
    """The demo ready to publish Rev.1: every translation approved, the open amendments decided, every paragraph
    agreed (`test_publication.settle`, by the system)."""
    restored(store, "settled kutahya demo", _settled)
