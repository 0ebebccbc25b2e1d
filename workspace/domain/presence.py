"""Who is where in a process: the heartbeat a page sends, the place it names, and who may see it there.

Presence is said, never locked: a person reading a circulated version, the committee in its working draft, a translator
in an edition, the secretariat at a meeting's console. A place is what a page shows (a version, the draft, a meeting;
an edition when it names a language); the paragraph (`eid`) and whether an editor is open change within it. Whoever
may not read a place never learns that anyone is there: the working draft is the committee's (an edition of it the
translators' of that language too), a meeting's console the committee's."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

import msgspec

from .consultations.consultations import Code
from .declaration.document import EID
from .errors import N_, InvalidInput
from .inputs import Command, Whole, says
from .series import MAX_NUMBER
from .vocabulary import LANGUAGES

GONE_SECONDS = 60
"""A person not heard from for this long has left (a page says it is there every HEARTBEAT_SECONDS)."""
HEARTBEAT_SECONDS = 20
RETOLD_SECONDS = 30
"""An unchanged presence is told again on the stream this often, so that a page forgets whoever it stops hearing of."""

Number = Annotated[int, says(minimum=1, maximum=MAX_NUMBER), Whole(1, MAX_NUMBER)]


class Where(Command, frozen=True):
    """A place in a process: a circulated version (`version`: its number), the working draft (`draft`: true) or a
    meeting's console (`meeting`: its number); in an edition (`lang`); at a paragraph (`eid`)."""

    version: Number | None = None
    draft: bool = False
    meeting: Number | None = None
    eid: Annotated[str, says(pattern=EID.pattern, max_length=64)] | None = None
    lang: Annotated[str | None, says(enum=[*LANGUAGES, None]), Code()] = None

    def check(self) -> None:
        if (self.version is not None) + self.draft + (self.meeting is not None) != 1:
            raise InvalidInput(
                N_("Say where you are: a version (“version”), the working draft (“draft”) or a meeting (“meeting”)."),
                detail={"field": "where"},
            )
        if self.eid is not None and (len(self.eid) > 64 or not EID.match(self.eid)):
            raise InvalidInput(N_("“{eid}” is not a paragraph's eId."), eid=self.eid[:64], detail={"field": "eid"})
        if self.meeting is not None and self.lang is not None:
            raise InvalidInput(
                N_("A meeting is followed in every language: leave out “lang”."), detail={"field": "lang"}
            )

    @property
    def place(self) -> str:
        """The page it stands for: one presence per person and place (the paragraph and the editor change in it)."""
        page = f"v{self.version}" if self.version is not None else f"m{self.meeting}" if self.meeting else "draft"
        return f"{page}:{self.lang}" if self.lang else page

    def shown(self) -> dict[str, Any]:
        """As the API says it: the fields given, nothing else."""
        return {k: v for k, v in msgspec.structs.asdict(self).items() if v is not None and v is not False}


class Heartbeat(Command, frozen=True):
    """A page says where its reader is, and whether an editor is open there (`editing`)."""

    where: Where
    editing: bool = False


class Seen(StrEnum):
    """Who may see a presence: everyone in the process, the committee, or the committee and one language's
    translators (`seen_by`)."""

    EVERYONE = "everyone"
    COMMITTEE = "committee"
    TRANSLATORS = "translators"


def seen_by(where: Mapping[str, Any]) -> Seen:
    """Who may see a presence at `where` (as `Where.shown()` says it: what a presence keeps)."""
    if where.get("version") is not None:
        return Seen.EVERYONE
    return Seen.TRANSLATORS if where.get("draft") and where.get("lang") else Seen.COMMITTEE


def may_see(seen: Seen, lang: str | None, committee: bool, languages: frozenset[str]) -> bool:
    """Whether a reader (of the committee or not, translating `languages`) may see a presence seen by `seen` in
    edition `lang`."""
    return committee or seen is Seen.EVERYONE or (seen is Seen.TRANSLATORS and lang in languages)
