"""Meetings (issue 66): the room where a declaration is read paragraph by paragraph, with the pointer every screen
follows, the lights, the floor, the text typed for a delegation, slots, votes and the session pack."""

from .events import last_event, meeting_events
from .floor import ask_floor, get_floor, give_floor, remove_request
from .meetings import get_meeting, list_meetings, schedule_meeting, set_state
from .pack import meeting_pack_model
from .room import list_lights, move_pointer, room_view, screen_view, set_light
from .slots import open_slot
from .typed import type_text
from .views import (
    FloorView,
    LightView,
    MeetingEventView,
    MeetingView,
    PointerView,
    RequestView,
    RoomView,
    RoomVoteView,
    SlotView,
    TypedView,
)
from .votes import cast_ballot, close_vote, list_votes, open_vote

__all__ = [
    "FloorView",
    "LightView",
    "MeetingEventView",
    "MeetingView",
    "PointerView",
    "RequestView",
    "RoomView",
    "RoomVoteView",
    "SlotView",
    "TypedView",
    "ask_floor",
    "cast_ballot",
    "close_vote",
    "get_floor",
    "get_meeting",
    "give_floor",
    "last_event",
    "list_lights",
    "list_meetings",
    "list_votes",
    "meeting_events",
    "meeting_pack_model",
    "move_pointer",
    "open_slot",
    "open_vote",
    "remove_request",
    "room_view",
    "schedule_meeting",
    "screen_view",
    "set_light",
    "set_state",
    "type_text",
]
