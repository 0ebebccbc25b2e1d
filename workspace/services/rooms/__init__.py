"""Shared editing rooms: one paragraph written by several people at once (domain.rooms), seeded and committed by the
server with the same compare-and-set as a save."""

from .records import commit, keep, moved, open_room, room_info, room_state, unwritten
from .targets import SOURCE_CHANGED, no_longer_writes
from .views import Committed, Kept, Opened, RoomView

__all__ = [
    "SOURCE_CHANGED",
    "Committed",
    "Kept",
    "Opened",
    "RoomView",
    "commit",
    "keep",
    "moved",
    "no_longer_writes",
    "open_room",
    "room_info",
    "room_state",
    "unwritten",
]
