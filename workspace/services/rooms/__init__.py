"""Shared editing rooms: one paragraph written by several people at once (domain.rooms), seeded and committed by the
server with the same compare-and-set as a save."""

from .records import commit, keep, moved, open_room, room_info, room_state, unwritten
from .views import Committed, Kept, Opened, RoomView

__all__ = [
    "Committed",
    "Kept",
    "Opened",
    "RoomView",
    "commit",
    "keep",
    "moved",
    "open_room",
    "room_info",
    "room_state",
    "unwritten",
]
