"""What can happen to the working draft, as values: the one write function applies these.

Every writer (an edit, a delete, a move, an import, an accepted amendment, a restore) says
what it changes as a list of these, with the revision each change was based on; the store
applies them all with compare-and-set, or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .document import Kind


class CauseKind(StrEnum):
    EDIT = "edit"
    IMPORT = "import"
    AMENDMENT = "amendment"
    TRANSLATION = "translation"
    RESTORE = "restore"
    MEETING = "meeting"  # typed in a meeting (issue 66): its ref names the meeting and the delegation
    TOGETHER = "together"  # written by several people at once in a shared room (issue 63): `writers` names them


@dataclass(frozen=True)
class Cause:
    """Why the draft changed: a person's edit, the import of a file, amendment A7 …"""

    kind: CauseKind
    ref: str = ""  # the file name, the amendment number, the restored revision …
    writers: tuple[tuple[str, str], ...] = ()  # together: each writer's name and delegation ("" for none)


EDIT = Cause(CauseKind.EDIT)


@dataclass(frozen=True)
class SetText:
    """Replace the text (and maybe the kind, depth and marker) of `eid`, if it is still revision `base`."""

    eid: str
    base: str
    text: str
    kind: Kind | None = None
    depth: int | None = None
    marker: str | None = None


@dataclass(frozen=True)
class Insert:
    """A paragraph after `after` and the sub-items under it (first when None); a fresh eId unless `eid`
    is given (import, restore)."""

    kind: Kind
    text: str
    after: str | None
    eid: str | None = None
    depth: int = 0
    marker: str = ""


@dataclass(frozen=True)
class Remove:
    """Delete `eid`, if it is still revision `base`. Its eId is never given again."""

    eid: str
    base: str


@dataclass(frozen=True)
class Place:
    """Move `eid`, with the sub-items under it, after `after` and the sub-items under it (first when None)."""

    eid: str
    after: str | None


@dataclass(frozen=True)
class Reorder:
    """Put the whole draft in this order (an import)."""

    eids: tuple[str, ...]


DraftChange = SetText | Insert | Remove | Place | Reorder


def is_structural(change: DraftChange) -> bool:
    """Changes of the draft's order or of its lists: they bump the draft's order revision."""
    return not isinstance(change, SetText) or change.depth is not None or change.marker is not None
