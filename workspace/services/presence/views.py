"""What the presence use cases hand back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from msgspec import Struct

from ...domain.presence import Seen


class PresenceView(Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Someone at a place of the process: `key` names them there (the person's number and the place), `since` when
    they came to this paragraph in this way (reading, or `editing`); `you`: the caller's own (a list's only); `gone` (on
    the stream only): they left."""

    key: str
    person: str
    delegation: str | None = None
    where: dict[str, Any]
    editing: bool
    since: datetime
    you: bool = False
    gone: bool = False


@dataclass(frozen=True)
class Told:
    """What a heartbeat changed, to be told on the process's stream: each presence with who may see it; and the
    caller's own presence there (`own`)."""

    process_id: int
    told: list[tuple[Seen, str | None, PresenceView]]
    own: PresenceView


@dataclass(frozen=True)
class Sight:
    """What one reader of the stream may see of presence: all (the committee, an administrator), or what everyone sees
    and the editions of the draft in their `languages` (a translator)."""

    committee: bool
    languages: frozenset[str]
