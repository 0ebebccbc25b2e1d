"""Where a negotiation ended, as plain files of a process folder: `statuses.md` (each paragraph's
negotiation status, with its note, who set it and when) and `publications/<n>.md` (each publication:
the version, its symbol, the date line, when and by whom). Front matter only, canonical, so that
export → import → export gives the same bytes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from ..amendments.negotiation import NegotiationStatus
from ..declaration.document import parse_eid
from ..errors import N_, AccordError, ImportFailed
from ..vocabulary import parse_enum
from .front_matter import entry_field_lines, front_matter, line_of, refuse_unknown_keys, split_front_matter
from .thread_format import FieldReader

STATUS_KEYS = ("status", "note", "set_by", "set_at")
PUBLICATION_KEYS = ("version", "symbol", "date", "place", "published_at", "published_by", "corrigendum_of", "corrects")
PUBLICATION_FILE = re.compile(r"^([1-9]\d{0,8})\.md$")
T = TypeVar("T")


@dataclass(frozen=True)
class StatusEntry:
    eid: str
    status: NegotiationStatus
    note: str
    set_by: str | None
    set_at: datetime


@dataclass(frozen=True)
class PublicationEntry:
    number: int
    version: int
    symbol: str
    day: date
    places: dict[str, str]
    published_at: datetime
    published_by: str | None
    corrigendum_of: int | None
    corrects: str


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def render_statuses_file(entries: list[StatusEntry]) -> str:
    return front_matter(
        [
            (
                "statuses",
                {
                    e.eid: {"status": e.status.value, "note": e.note, "set_by": e.set_by, "set_at": _moment(e.set_at)}
                    for e in entries
                },
            )
        ],
        "",
    )


def parse_statuses_file(text: str, file: str) -> list[StatusEntry]:
    """`statuses.md`, or ImportFailed naming the line of the faulty paragraph."""
    meta, _body, _line = split_front_matter(text, file)
    refuse_unknown_keys(meta, ("statuses",), text, file)
    raw = meta.get("statuses") or {}
    if not isinstance(raw, dict):
        raise ImportFailed(
            file,
            line_of(text, "statuses") or 1,
            N_("The field “{field}” must map each eId to its status."),
            field="statuses",
        )
    lines = entry_field_lines(text, "statuses")
    read = FieldReader(text, file)
    return [_status_entry(read, file, str(eid), value, *lines.get(str(eid), (1, {}))) for eid, value in raw.items()]


def _status_entry(
    read: FieldReader, file: str, eid: str, value: object, line: int, fields: dict[str, int]
) -> StatusEntry:
    """One paragraph's entry of `statuses.md`: a function of its own, so that each step's lambda reads this entry."""

    def field(name: str, step: Callable[[], T]) -> T:
        try:
            return step()
        except AccordError as exc:  # at the field's own line in the paragraph's entry
            raise ImportFailed(file, fields.get(name, line), exc.message, **exc.params) from None

    if not isinstance(value, dict) or not set(value) <= set(STATUS_KEYS):
        raise ImportFailed(file, line, N_("Each paragraph's status holds status, note, set_by and set_at."))
    status = field("status", lambda: parse_enum(NegotiationStatus, str(value.get("status") or ""), "status"))
    at = field("set_at", lambda: read.moment("set_at", value.get("set_at")))
    assert at is not None  # required
    note = field("note", lambda: read.text_of("note", value.get("note") or "", required=False))
    by = field("set_by", lambda: read.text_of("set_by", value.get("set_by"), required=False))
    return StatusEntry(field("", lambda: parse_eid(eid)), NegotiationStatus(status.value), note or "", by, at)


def render_publication_file(item: PublicationEntry) -> str:
    return front_matter(
        [
            ("version", item.version),
            ("symbol", item.symbol),
            ("date", item.day.isoformat()),
            ("place", item.places),
            ("published_at", _moment(item.published_at)),
            ("published_by", item.published_by),
            ("corrigendum_of", item.corrigendum_of),
            ("corrects", item.corrects),
        ],
        "",
    )


def _number(read: FieldReader, key: str, value: Any, *, required: bool) -> int | None:
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise read.fail(key, N_("The field “{field}” must be a whole number from 1."), field=key)
    return value


def parse_publication_file(text: str, file: str, name: str) -> PublicationEntry:
    """`publications/<n>.md`, or ImportFailed naming the file and the line of what is wrong."""
    found = PUBLICATION_FILE.match(name)
    if found is None:
        raise ImportFailed(file, None, N_("Publication files are named 1.md, 2.md …"))
    meta, _body, _line = split_front_matter(text, file)
    refuse_unknown_keys(meta, PUBLICATION_KEYS, text, file)
    read = FieldReader(text, file)
    day = _day_of(read, meta.get("date"))
    places = _places_of(read, meta.get("place"))
    return PublicationEntry(
        int(found.group(1)),
        _number(read, "version", meta.get("version"), required=True) or 1,
        read.text_of("symbol", meta.get("symbol"), limit=100) or "",
        day,
        {k: read.text_of("place", v, limit=200) or "" for k, v in places.items()},
        read.moment("published_at", meta.get("published_at")) or datetime.now(UTC),
        read.text_of("published_by", meta.get("published_by"), required=False),
        _number(read, "corrigendum_of", meta.get("corrigendum_of"), required=False),
        read.text_of("corrects", meta.get("corrects") or "", required=False, limit=2000) or "",
    )


def _day_of(read: FieldReader, raw: Any) -> date:
    """The day of the date line."""
    try:
        return date.fromisoformat(str(raw or ""))
    except ValueError:
        raise read.fail("date", N_("“{value}” is not a date (YYYY-MM-DD)."), value=raw) from None


def _places_of(read: FieldReader, raw: Any) -> dict[Any, Any]:
    """The place of the date line, by language (its texts read with the rest of the entry)."""
    places = raw or {}
    if not isinstance(places, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in places.items()):
        raise read.fail("place", N_("The field “{field}” must map each language to text."), field="place")
    return places
