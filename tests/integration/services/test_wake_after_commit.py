"""The job queue and the live events hear of a request's work once its transaction has committed, never at the
savepoint of each use case inside it (services/unit.Unit): a worker woken at the savepoint looked before the
commit, found nothing, and the password-reset mail waited for the minute's sweep."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.domain.errors import InvalidInput
from workspace.services.accounts import password_resets
from workspace.services.unit import Unit
from workspace.store.models import Activity, Outbox


def resets(store) -> int:
    """The password-reset mails in the outbox, as another connection reads them."""
    with store() as tx:
        return len([o for o in tx.scalars(select(Outbox)) if o.data.get("template") == "password_reset"])


def listening(store) -> list[tuple[str, object]]:
    """What the queue's and the live events' listeners saw, each read from another connection when told."""
    heard: list[tuple[str, object]] = []

    def wake() -> None:
        heard.append(("work", resets(store)))

    def announced(rows) -> None:
        with store() as tx:
            heard.append(("activity", [tx.get(Activity, activity) is not None for _, activity in rows]))

    store.on_work.append(wake)
    store.on_activity.append(announced)
    return heard


def test_a_request_s_work_is_told_after_its_commit_and_found(store, people):
    heard = listening(store)
    request = Unit(store, write=True)
    password_resets.request_reset(request, people.member.email, "en")
    assert heard == []  # the use case's savepoint is released: nothing is saved yet
    request.finish(None)
    assert heard == [("activity", [True]), ("work", 1)]


def test_a_refused_use_case_after_it_does_not_lose_the_work_before_it(store, people):
    heard = listening(store)
    request = Unit(store, write=True)
    password_resets.request_reset(request, people.member.email, "en")
    with pytest.raises(InvalidInput):
        password_resets.request_reset(request, "not an address", "en")  # its savepoint rolled back, the page goes on
    request.finish(None)
    assert heard == [("activity", [True]), ("work", 1)]


def test_a_request_rolled_back_tells_nothing(store, people):
    heard = listening(store)
    request = Unit(store, write=True)
    password_resets.request_reset(request, people.member.email, "en")
    request.finish(RuntimeError("the request failed after the use case"))
    assert heard == [] and resets(store) == 0
