"""The tests' "nothing was written" check (tests/integration/support.state), on both backends: a write of any
column of any row, an insert and a delete all change it; reading does not."""

from __future__ import annotations

from sqlalchemy import text

from tests.conftest import PASSWORD
from tests.integration.support import state
from workspace.services import accounts
from workspace.services.actor import SYSTEM


def test_the_state_changes_with_every_kind_of_write_and_only_with_a_write(store):
    accounts.add_user(store, SYSTEM, "ana@example.org", "Ana", PASSWORD)
    before = state(store)
    accounts.authenticate(store, "ana@example.org", PASSWORD)
    assert state(store) == before
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE users SET name = 'Ana B' WHERE email = 'ana@example.org'"))
    assert state(store) != before
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE users SET name = 'Ana' WHERE email = 'ana@example.org'"))
    assert state(store) == before  # the same rows, the same state
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE users SET locale = 'fr' WHERE email = 'ana@example.org'"))  # a NULL made a value
    assert state(store) != before
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE users SET locale = NULL WHERE email = 'ana@example.org'"))
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (email, name, is_admin, created_at) VALUES ('bea@example.org', 'Bea', false, :now)"
            ),
            {"now": "2026-11-25 12:00:00"},
        )
    assert state(store) != before
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM users WHERE email = 'bea@example.org'"))
    assert state(store) == before
