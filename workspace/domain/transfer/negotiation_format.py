"""`submissions.toml` and `brackets.toml` of a process folder (issue 33): the submission windows and the
delegations' proposals in them (each with the paragraph of the working draft it was compiled into), and what the
committee did with the brackets of the working draft (agreed on an option, dropped, an option marked as leading, the
delegation that introduced it). Written line by line in one stable layout, so that a folder imported and exported
again gives back the same bytes; every error names the file and line. What they name in the rest of the folder
(paragraphs, members, delegations) is checked by the import (services.transfer)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

from ..brackets.brackets import BracketState
from ..declaration.document import parse_eid
from ..delegations.delegations import parse_code
from ..errors import N_, AccordError, ImportFailed
from ..submissions.submissions import OpenWindow, ProposalKind, Submit
from ..values import check_carried, parse_email, parse_moment
from ..vocabulary import parse_enum, parse_language
from .delegation_format import entry_line, field_named
from .draft_format import toml_value
from .toml_reading import read_toml

SUBMISSIONS_HEADER = "# The submission windows and the delegations' proposals in them (Accord: issue 33).\n"
BRACKETS_HEADER = "# What the committee did with the brackets of the working draft (Accord: issue 33).\n"

WINDOW_KEYS = frozenset({"number", "opens", "closes", "eids", "created_by", "created_at"})
PROPOSAL_KEYS = frozenset(
    {
        "number",
        "window",
        "delegation",
        "kind",
        "eid",
        "after",
        "text",
        "lang",
        "source_text",
        "filed_by",
        "filed_at",
        "compiled_eid",
    }
)
BRACKET_KEYS = frozenset(
    {"id", "eid", "text", "options", "state", "chosen", "leading", "delegation", "updated_by", "updated_at"}
)
# The keys of a proposal that only some kinds have: a new wording is on `eid`, a new paragraph goes `after` one,
# a deletion holds no text.
_KIND_KEYS = {
    ProposalKind.MODIFY: frozenset({"eid", "text"}),
    ProposalKind.INSERT: frozenset({"after", "text"}),
    ProposalKind.DELETE: frozenset({"eid"}),
}
# A bracket's id: its paragraph, "~", and a digest of its words (domain.brackets.bracket_id), or for a choice
# among paragraphs "~o" and a digest of their eIds (options_id).
_BRACKET_ID = re.compile(r"^(?P<eid>[^~]+)~(?:[0-9a-f]{10}|o[0-9a-f]{9})$")
T = TypeVar("T")


@dataclass(frozen=True)
class WindowEntry:
    number: int
    opens: datetime
    closes: datetime
    eids: tuple[str, ...] | None  # None: the whole text
    created_by: str | None  # an e-mail address
    created_at: datetime
    line: int = field(default=0, compare=False)  # where it is written, for an error found against the folder


@dataclass(frozen=True)
class ProposalEntry:
    number: int
    window: int  # the window's number
    delegation: str  # its code
    kind: ProposalKind
    eid: str | None  # the paragraph a new wording or a deletion is about
    after: str | None  # the paragraph a new one goes after
    text: str  # empty for a deletion
    filed_by: str | None
    filed_at: datetime
    compiled_eid: str | None  # the paragraph of the working draft it was compiled into
    line: int = field(default=0, compare=False)
    # Written in another edition (issue 34; both written only then): its language, and its wording in the source as
    # the committee rendered it (None until rendered).
    lang: str | None = None
    source_text: str | None = None


@dataclass(frozen=True)
class BracketEntry:
    id: str
    eid: str
    text: str  # the bracket as the text held it, brackets and all
    options: tuple[str, ...]
    state: BracketState
    chosen: int | None  # agreed: the option's index
    leading: int | None  # the option the clean text takes (None: the first)
    delegation: str | None  # the code of the delegation that introduced it
    updated_by: str | None
    updated_at: datetime
    line: int = field(default=0, compare=False)


def key_line(text: str, line: int, key: str) -> int:
    """The line of `key` in the table whose header is at `line` (an entry's `line`), else that header: where the
    import names what an entry refers to that the folder lacks."""
    for number, written in enumerate(text.split("\n")[line:], start=line + 1):
        if written.strip().startswith("["):
            break
        if written.startswith(f"{key} ="):
            return number
    return line


# Reading


def _top_line(text: str, key: str) -> int:
    """The first line of a top-level key (`key = …`, `[key]`, `[[key]]`), else 1."""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith((f"{key} =", f"{key}=", f"[{key}]", f"[[{key}]]", f"[{key}.")):
            return number
    return 1


def _headers(text: str, table: str) -> list[int]:
    """The lines of the `[[table]]` headers, in order (read once: a file of 5,000 proposals is not read again for
    each)."""
    header = re.compile(rf"\s*\[\[\s*{re.escape(table)}\s*\]\]\s*(#.*)?$")
    return [number for number, line in enumerate(text.split("\n"), start=1) if header.match(line)]


def _tables(text: str, file: str, data: dict[str, Any], keys: Mapping[str, frozenset[str]]) -> list[list[_Entry]]:
    """Each array of tables `keys` names (in its order), each table's keys checked: what Accord does not write is
    refused, not set aside."""
    for key in data:
        if key not in keys:
            raise ImportFailed(file, _top_line(text, key), N_("Unknown field “{key}”."), key=key)
    found: list[list[_Entry]] = []
    for table, allowed in keys.items():
        rows = data.get(table, [])
        if not isinstance(rows, list) or not all(isinstance(raw, dict) for raw in rows):
            raise ImportFailed(
                file, _top_line(text, table), N_("Each entry of “{field}” is a [[{field}]] table."), field=table
            )
        headers = _headers(text, table)
        entries = [
            _Entry(
                text, file, table, index, raw, headers[index - 1] if index <= len(headers) else _top_line(text, table)
            )
            for index, raw in enumerate(rows, start=1)
        ]
        for entry in entries:
            for key in entry.raw:
                if key not in allowed:
                    raise entry.fail(str(key), N_("Unknown field “{key}”."), key=key)
        found.append(entries)
    return found


@dataclass(frozen=True)
class _Entry:
    """One [[table]] of the file, read field by field; every refusal at the line of its key."""

    text: str
    file: str
    table: str
    index: int
    raw: dict[str, Any]
    line: int  # its header's

    def fail(self, key: str | None, message: str, /, **params: Any) -> ImportFailed:
        """A refusal at the line of `key` (else of the table's header)."""
        return ImportFailed(self.file, entry_line(self.text, self.table, self.index, key), message, **params)

    def checked(self, key: str, build: Callable[[], T], *, named: bool = False) -> T:
        """`build()`, its refusal at the line of `key`; with `named`, of the field the refusal names if it does
        (a command built of several of the table's keys, which it names as the file does)."""
        try:
            return build()
        except AccordError as exc:
            raise self.fail((field_named(exc) if named else None) or key, exc.message, **exc.params) from None

    def required(self, key: str) -> Any:
        value = self.raw.get(key)
        if value is None:
            raise self.fail(key, N_("The field “{field}” is required."), field=key)
        return value

    def count(self, key: str) -> int:
        value = self.required(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(key, N_("The field “{field}” must be a whole number from 1."), field=key)
        return value

    def option(self, key: str, options: int) -> int | None:
        """An option's index (0 is the first) among `options`, or None when absent."""
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < options:
            raise self.fail(
                key, N_("The field “{field}” must be a whole number from 0 to {limit}."), field=key, limit=options - 1
            )
        return value

    def moment(self, key: str) -> datetime:
        value = self.required(key)
        return self.checked(key, lambda: parse_moment(value, key)).astimezone(UTC)

    def email(self, key: str) -> str | None:
        value = self.raw.get(key)
        return None if value is None else self.checked(key, lambda: parse_email(str(value)))

    def eid(self, key: str, *, required: bool = False) -> str | None:
        value = self.required(key) if required else self.raw.get(key)
        return None if value is None else self.checked(key, lambda: parse_eid(str(value)))

    def code(self, key: str) -> str | None:
        value = self.raw.get(key)
        return None if value is None else self.checked(key, lambda: parse_code(str(value)))

    def words(self, key: str) -> str:
        """Text as it stands (never trimmed: a bracket's words are the text's own), refused if no file can carry it."""
        value = self.required(key)
        if not isinstance(value, str):
            raise self.fail(key, N_("The field “{field}” must be text."), field=key)
        return self.checked(key, lambda: check_carried(value))

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.required(key)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(key, N_("The field “{field}” must be a list of texts."), field=key)
        if not value:
            raise self.fail(key, N_("The field “{field}” is required."), field=key)
        return tuple(self.checked(key, partial(check_carried, item)) for item in value)


def _unique(entries: Sequence[tuple[_Entry, T]], key: Callable[[T], object], key_name: str, message: str) -> None:
    """Refuse an entry whose `key` an earlier one has, with `message` (its parameter `{number}` or `{id}`)."""
    seen: set[object] = set()
    for entry, item in entries:
        value = key(item)
        if value in seen:
            raise entry.fail(key_name, message, **{key_name: value})
        seen.add(value)


def parse_submissions_file(text: str, file: str) -> tuple[list[WindowEntry], list[ProposalEntry]]:
    """The windows and the proposals of `submissions.toml`, or ImportFailed naming the file and line."""
    tables = _tables(text, file, read_toml(text, file), {"windows": WINDOW_KEYS, "proposals": PROPOSAL_KEYS})
    windows = [(entry, _window(entry)) for entry in tables[0]]
    _unique(windows, lambda w: w.number, "number", N_("The submission window {number} is listed twice."))
    numbers = {w.number for _, w in windows}
    proposals = [(entry, _proposal(entry, numbers)) for entry in tables[1]]
    _unique(proposals, lambda p: p.number, "number", N_("The proposal {number} is listed twice."))
    return [w for _, w in windows], [p for _, p in proposals]


def _window(entry: _Entry) -> WindowEntry:
    number = entry.count("number")
    opens, closes = entry.moment("opens"), entry.moment("closes")
    raw = entry.raw.get("eids")
    if raw is not None and (not isinstance(raw, list) or not all(isinstance(eid, str) for eid in raw)):
        raise entry.fail("eids", N_("The field “{field}” must be a list of texts."), field="eids")
    eids = [entry.checked("eids", partial(parse_eid, eid)) for eid in raw] if raw is not None else None
    window = entry.checked(
        "eids", lambda: OpenWindow(opens=opens.isoformat(), closes=closes.isoformat(), eids=eids), named=True
    )
    start, end = window.placed("UTC")  # each with its offset, as the file writes them
    return WindowEntry(
        number,
        start.astimezone(UTC),
        end.astimezone(UTC),
        tuple(window.eids) if window.eids is not None else None,
        entry.email("created_by"),
        entry.moment("created_at"),
        entry.line,
    )


def _proposal(entry: _Entry, windows: set[int]) -> ProposalEntry:
    number, window = entry.count("number"), entry.count("window")
    raw = entry.raw
    command = entry.checked(
        "kind",
        lambda: Submit(kind=str(raw.get("kind")), text=raw.get("text", ""), eid=raw.get("eid"), after=raw.get("after")),
        named=True,
    )
    for key in ("eid", "after", "text"):
        if key in raw and key not in _KIND_KEYS[ProposalKind(command.kind)]:
            raise entry.fail(key, N_("A proposal of kind “{kind}” has no “{key}”."), kind=command.kind, key=key)
    entry.required("delegation")
    delegation = entry.code("delegation")
    if window not in windows:
        raise entry.fail("window", N_("No submission window {number} in this file."), number=window)
    return ProposalEntry(
        number,
        window,
        str(delegation),
        ProposalKind(command.kind),
        entry.eid("eid"),
        entry.eid("after"),
        command.text,
        entry.email("filed_by"),
        entry.moment("filed_at"),
        entry.eid("compiled_eid"),
        entry.line,
        entry.checked("lang", lambda: parse_language(str(raw["lang"]))) if "lang" in raw else None,
        entry.words("source_text") if "source_text" in raw else None,
    )


def parse_brackets_file(text: str, file: str) -> list[BracketEntry]:
    """The bracket records of `brackets.toml`, or ImportFailed naming the file and line."""
    (tables,) = _tables(text, file, read_toml(text, file), {"brackets": BRACKET_KEYS})
    brackets = [(entry, _bracket(entry)) for entry in tables]
    _unique(brackets, lambda b: b.id, "id", N_("The bracket “{id}” is listed twice."))
    return [b for _, b in brackets]


def _bracket(entry: _Entry) -> BracketEntry:
    eid = str(entry.eid("eid", required=True))
    bid = entry.words("id")
    found = _BRACKET_ID.match(bid)
    if found is None or found["eid"] != eid:
        raise entry.fail(
            "id", N_("“{id}” is not the id of a bracket of {eid}: “{eid}~” and its digest."), id=bid, eid=eid
        )
    text, options = entry.words("text"), entry.texts("options")
    written = entry.required("state")
    state = BracketState(entry.checked("state", lambda: parse_enum(BracketState, str(written), "state")).value)
    chosen, leading = entry.option("chosen", len(options)), entry.option("leading", len(options))
    if (state == BracketState.AGREED) != (chosen is not None):
        raise entry.fail(
            "chosen" if chosen is not None else "state",
            N_("An agreed bracket says which option was agreed on (“chosen”); an open or dropped one does not."),
        )
    return BracketEntry(
        bid,
        eid,
        text,
        options,
        state,
        chosen,
        leading,
        entry.code("delegation"),
        entry.email("updated_by"),
        entry.moment("updated_at"),
        entry.line,
    )


# Writing


def _moment(at: datetime) -> str:
    """A TOML date and time in UTC, to the microsecond (as `delegations.toml` writes them)."""
    return at.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _optional(key: str, value: object) -> list[str]:
    return [] if value is None else [f"{key} = {toml_value(value)}"]


def render_submissions_file(windows: Sequence[WindowEntry], proposals: Sequence[ProposalEntry]) -> str:
    lines = [SUBMISSIONS_HEADER]
    for w in windows:
        lines += ["[[windows]]", f"number = {w.number}", f"opens = {_moment(w.opens)}", f"closes = {_moment(w.closes)}"]
        lines += _optional("eids", list(w.eids) if w.eids is not None else None)
        lines += _optional("created_by", w.created_by)
        lines += [f"created_at = {_moment(w.created_at)}", ""]
    for p in proposals:
        lines += [
            "[[proposals]]",
            f"number = {p.number}",
            f"window = {p.window}",
            f"delegation = {toml_value(p.delegation)}",
            f"kind = {toml_value(p.kind.value)}",
        ]
        lines += _optional("after", p.after) if p.kind == ProposalKind.INSERT else _optional("eid", p.eid)
        lines += _optional("text", p.text if p.kind != ProposalKind.DELETE else None)
        lines += _optional("lang", p.lang)
        lines += _optional("source_text", p.source_text)
        lines += _optional("filed_by", p.filed_by)
        lines += [f"filed_at = {_moment(p.filed_at)}", *_optional("compiled_eid", p.compiled_eid), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_brackets_file(brackets: Sequence[BracketEntry]) -> str:
    lines = [BRACKETS_HEADER]
    for b in brackets:
        lines += [
            "[[brackets]]",
            f"id = {toml_value(b.id)}",
            f"eid = {toml_value(b.eid)}",
            f"text = {toml_value(b.text)}",
            f"options = {toml_value(list(b.options))}",
            f"state = {toml_value(b.state.value)}",
            *_optional("chosen", b.chosen),
            *_optional("leading", b.leading),
            *_optional("delegation", b.delegation),
            *_optional("updated_by", b.updated_by),
            f"updated_at = {_moment(b.updated_at)}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
