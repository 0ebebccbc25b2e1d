"""What travels with a session, and with a database connection: typed, each under one key of SQLAlchemy's `info`.

A session's `UnitState` (`unit_state`) holds what the store made it with (read-only, the object store, the listeners
told after a commit), what its commit then tells, and what the use cases keep for the session's life (a process looked
up, the last numbers of its events…) or allow while they run (an archived process's one write). A connection's
`ConnectionState` (`connection_state`) is the engine's own (store.db). No other module reads or writes `info`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session, SessionTransaction

from ..domain.vocabulary import Role
from .models import Activity, Process
from .objects import ObjectStore

Announced = list[tuple[int | None, int]]
PdfSealer = Callable[[bytes, str], bytes]
"""A published PDF's bytes and language → the same PDF sealed (renderers.pdf_seal.PdfSeal)."""
"""The (process id, activity id) of the activity rows a transaction wrote."""


@dataclass(frozen=True, eq=False)
class Listeners:
    """A store's listeners, which a writer's sessions carry (store.db.Store: the very lists)."""

    on_activity: list[Callable[[Announced], None]]
    on_work: list[Callable[[], None]]


@dataclass(eq=False)
class UnitState:
    """What a session carries beside its objects."""

    # Made with the session by its store (store.db.make_store): a read's sessions never flush, a writer's are heard.
    read_only: bool = False
    objects: ObjectStore | None = None
    listeners: Listeners | None = None
    sealing: str | None = None  # the instance's secret key, which opens its signing keys (services.signing)
    seal_pdf: PdfSealer | None = None  # the organisation's PAdES seal of published PDFs, if set (renderers.pdf_seal)
    # What the transaction wrote that its listeners are told after its commit (store.db), forgotten if it rolls back.
    activity: Announced = field(default_factory=list)
    work: bool = False
    # Kept for the session's life by the services: a process and the actor's role in it (services.access.looked_up),
    # the last numbers of a process's events with the entry numbered last and its transaction (services.access.record),
    # the text revisions the innermost transaction holds locked (services.declaration.paragraphs), unread counts by
    # person (services.unread), the latest entry of each process read (services.kept).
    process_for: dict[tuple[str, int], tuple[Process | None, Role | None]] = field(default_factory=dict)
    activity_numbers: dict[int, tuple[tuple[int, int, int], Activity, SessionTransaction | None]] = field(
        default_factory=dict
    )
    held_texts: tuple[SessionTransaction | None, set[str]] | None = None
    unread: dict[int, int] = field(default_factory=dict)
    last_entry: dict[int, int] = field(default_factory=dict)
    # Set by a use case while it runs: no mail tells of what it records (history brought in, a demo generated), and
    # the writes an archived process takes (taking it out of the archive, deleting it: services.processes.lifecycle).
    quiet: bool = False
    unarchiving: bool = False
    deleting: bool = False
    # What the transaction wrote that the search index holds, indexed before it commits (services.search.index): the
    # keys of each (process id, kind) changed (None: any of them), and the versions given paragraphs.
    searched: dict[tuple[int, str], set[str] | None] = field(default_factory=dict)
    searched_versions: set[int] = field(default_factory=set)
    searched_translations: dict[int, set[int]] = field(default_factory=dict)  # process id → translation ids
    # Process id → the working draft's changed paragraphs (eid, new revision sha; None: gone) its history recorded.
    searched_drafts: dict[int, set[tuple[str, str | None]]] = field(default_factory=dict)
    # The indexed tables a statement wrote (compare-and-set writes and inserts no flush reports): their texts are
    # found from the activity the transaction recorded.
    searched_statements: set[str] = field(default_factory=set)


_UNIT = "accord"


def unit_state(session: Session) -> UnitState:
    """The state `session` carries (a session made outside a store gets a plain one at first use)."""
    state = session.info.get(_UNIT)
    if state is None:
        state = session.info[_UNIT] = UnitState()
    assert isinstance(state, UnitState)
    return state


class StoreSession(Session):
    """A session of a store (store.db.make_store), made with its state: `sessionmaker(..., class_=StoreSession,
    read_only=…, objects=…, listeners=…, sealing=…, seal_pdf=…)`; each session gets a state of its own."""

    def __init__(
        self,
        *args: Any,
        read_only: bool = False,
        objects: ObjectStore | None = None,
        listeners: Listeners | None = None,
        sealing: str | None = None,
        seal_pdf: PdfSealer | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.info[_UNIT] = UnitState(
            read_only=read_only, objects=objects, listeners=listeners, sealing=sealing, seal_pdf=seal_pdf
        )


@dataclass(eq=False)
class ConnectionState:
    """What the engine keeps on a pooled connection (store.db): whether it holds this process's SQLite write lock,
    and since when it sits idle in the pool (PostgreSQL). SQLAlchemy clears it when the connection is replaced."""

    writer: bool = False
    idle_from: float | None = None


class HasInfo(Protocol):
    """A connection, a connection's proxy or its pool record: they share one `info`."""

    @property
    def info(self) -> dict[Any, Any]: ...


_CONNECTION = "accord"


def connection_state(connection: HasInfo) -> ConnectionState:
    """The state of a connection (of a `Connection`, or of its pool record in the pool's events)."""
    state = connection.info.get(_CONNECTION)
    if state is None:
        state = connection.info[_CONNECTION] = ConnectionState()
    assert isinstance(state, ConnectionState)
    return state
