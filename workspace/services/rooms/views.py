"""What the room use cases hand back."""

from __future__ import annotations

from dataclasses import dataclass

from msgspec import Struct

from ...domain.errors import AccordError
from ..declaration.views import WriterView


class RoomView(Struct, frozen=True, kw_only=True):
    """A paragraph's shared room: the revision it is based on (the paragraph's own when no room is open), who has
    it open in an editor now, and its life (`epoch`, none while no room is open: a browser then joins with none)."""

    revision: str
    writers: list[WriterView]
    epoch: str | None


@dataclass(frozen=True)
class Opened:
    """A room as a worker opens it: its row, its life, its whole state, the revision it is based on, and the process's
    number (its channel)."""

    room_id: int
    process_id: int
    epoch: str
    state: bytes
    revision: str
    lang: str  # "" the working draft's own text; an edition's language


@dataclass(frozen=True)
class Committed:
    """What a commit did: the revision the room's text now is (`written`: by this commit), the change from outside it
    took in first (an update for the writers, or None), or that the paragraph is gone (the room is closed)."""

    revision: str | None
    written: bool
    absorbed: bytes | None
    refused: AccordError | None = None  # why the text could not be written yet (told the writers; tried again later)
    source: str | None = None  # an edition's room: the source revision it translates from now on (it changed)


@dataclass(frozen=True)
class Kept:
    """What keeping updates did: whether the room's life goes on, and whose updates were refused (no longer allowed to
    write the paragraph)."""

    alive: bool
    refused: frozenset[int] = frozenset()
