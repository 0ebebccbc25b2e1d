"""A shared editing room: one paragraph (of the working draft, or of one of its editions) written by several people
at once, as a Yjs document whose one text, `markdown`, is the paragraph's Markdown exactly as Accord keeps it.

The server alone seeds a room, from the revision the paragraph has (`seeded`); a browser never initialises one. A
change made outside the room (an amendment accepted, a meeting's typist) enters it as an edit made *concurrently*
with everything typed since the room's base (`outside_change`): the CRDT keeps both, so nothing typed is dropped. A
browser whose document comes from another life of the room (an older epoch) is refused (`admits`): its old state is
never merged into the new one.

Yrs (pycrdt) counts a text's places in UTF-8 bytes; browsers (Yjs) in UTF-16 units. Both exchange updates that name
no place, so only the edits made here need to count bytes (`_byte_edits`)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from pycrdt import Decoder, Doc, Encoder, Text, create_awareness_message, get_state, merge_updates

from .diffing import fine_diff
from .token_runs import Op

TEXT = "markdown"
"""The name of the room's one shared text (`ydoc.getText("markdown")` in a browser)."""

QUIET_SECONDS = 1.5
"""A room commits this long after the last edit it heard (and when its last writer leaves)."""

RESTS_SECONDS = 600.0
"""A room nobody typed in for this long, and whose text is committed, starts a new life (epoch) at its next opening:
its history is dropped; a browser still holding the old one is refused and reloads the paragraph."""

EMPTY_UPDATE = b"\x00\x00"
"""What Yjs sends for an update that holds nothing (a sync step 2 between two equal documents)."""


def new_epoch() -> str:
    """A room's life: a browser names it when it joins, so a room reopened since is told apart."""
    return secrets.token_hex(8)


def text_of(update: bytes) -> str:
    """The Markdown a room's whole state (one update, or several merged) holds."""
    doc: Doc[Text] = Doc()
    doc.apply_update(update)
    return str(doc.get(TEXT, type=Text))


def merged(updates: list[bytes]) -> bytes:
    """Several updates as one (the room's state kept in fewer rows)."""
    return updates[0] if len(updates) == 1 else merge_updates(*updates)


def seeded(text: str) -> bytes:
    """A new room's first state: the paragraph's text, written by the server."""
    doc: Doc[Text] = Doc()
    doc.get(TEXT, type=Text).insert(0, text)
    return doc.get_update()


def _byte_edits(old: str, new: str) -> Iterator[tuple[int, int, str]]:
    """(byte place, bytes deleted, text inserted) turning `old` into `new`, from the end so that each place is still
    right when it is applied."""
    at = 0
    edits: list[tuple[int, int, str]] = []
    for piece in fine_diff(old, new):
        size = len(piece.text.encode())
        if piece.op == Op.EQUAL:
            at += size
        elif piece.op == Op.DELETE:
            edits.append((at, size, ""))
            at += size
        else:
            edits.append((at, 0, piece.text))
    yield from reversed(edits)


def outside_change(base_state: bytes, old: str, new: str) -> bytes:
    """The change of the paragraph from `old` (the room's base text, which `base_state` holds) to `new`, made outside
    the room, as an update concurrent with whatever the room holds beyond its base: applied to the room, both
    survive."""
    doc: Doc[Text] = Doc()
    doc.apply_update(base_state)
    text = doc.get(TEXT, type=Text)
    if str(text) != old:
        raise ValueError("the room's base state does not hold its base text")
    before = doc.get_state()
    with doc.transaction():
        for at, deleted, inserted in _byte_edits(old, new):
            if deleted:
                del text[at : at + deleted]
            if inserted:
                text.insert(at, inserted)
    return doc.get_update(before)


def missing(have: bytes, room: bytes) -> bytes:
    """What of the room's state `room` a document whose state vector is `have` lacks."""
    doc: Doc[Text] = Doc()
    doc.apply_update(room)
    return doc.get_update(have)


def _clocks(state_vector: bytes) -> dict[int, int]:
    """A state vector's clock of each writer (Yjs's encoding: a count, then pairs of unsigned varints)."""
    decoder = Decoder(state_vector)
    return {decoder.read_var_uint(): decoder.read_var_uint() for _ in range(decoder.read_var_uint())}


def knows_more(state_vector: bytes, room: bytes) -> bool:
    """Does a document with this state vector hold edits the room never had: it comes from another life of the room
    (or from another room), and merging it would bring back what the room never saw."""
    if not state_vector or state_vector == b"\x00":
        return False
    held = _clocks(get_state(room))
    return any(clock > held.get(writer, 0) for writer, clock in _clocks(state_vector).items())


@dataclass(frozen=True)
class Joining:
    """What a browser says when it joins: the room's life it knows (`epoch`, none for a fresh document)."""

    epoch: str | None


def admits(joining: Joining, epoch: str, state_vector: bytes, room: bytes) -> bool:
    """A browser joins the room's present life (it may bring what it typed while cut off), or comes with a document
    that holds nothing the room lacks (a fresh one). One that names another life, or brings edits from one, is
    refused: it reloads the paragraph, its old state unmerged."""
    if joining.epoch is not None:
        return joining.epoch == epoch
    return not knows_more(state_vector, room)


def awareness_clients(message: bytes) -> dict[int, int]:
    """The browsers (Yjs client ids) an awareness message speaks for, with its clock for each: a message of type 1,
    then its update (a count, then for each: client id, clock, state as JSON)."""
    decoder = Decoder(message[1:])
    update = decoder.read_message()
    if update is None:
        return {}
    inner = Decoder(update)
    clients = {}
    for _ in range(inner.read_var_uint()):
        client, clock = inner.read_var_uint(), inner.read_var_uint()
        inner.read_var_string()
        clients[client] = clock
    return clients


def awareness_gone(clients: dict[int, int]) -> bytes:
    """The awareness message that says these browsers left (their state null, one clock later): sent to the others
    when a connection ends, so their cursors go at once rather than after Yjs's thirty seconds."""
    body = Encoder()
    body.write_var_uint(len(clients))
    for client, clock in clients.items():
        body.write_var_uint(client)
        body.write_var_uint(clock + 1)
        body.write_var_string("null")
    return create_awareness_message(body.to_bytes())
