"""`delegations.toml` of a process folder: the delegations (code, kind, names, the members who speak for each) and
where each stands now (its positions on paragraphs and amendments, with their revision, who and when). Written line
by line in one stable layout, so that a folder imported and exported again gives back the same bytes; every error
names the file and line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..declaration.document import parse_eid
from ..delegations.delegations import DelegationDraft
from ..delegations.positions import SetPosition
from ..errors import N_, AccordError, ImportFailed
from ..values import parse_email
from .draft_format import toml_value
from .toml_reading import read_toml

HEADER = "# The delegations of the process, and where each stands now (Accord: issue 32).\n"


@dataclass(frozen=True)
class DelegationEntry:
    draft: DelegationDraft
    members: tuple[str, ...]  # e-mail addresses of the members who speak for it


@dataclass(frozen=True)
class PositionEntry:
    delegation: str
    eid: str | None
    amendment: str | None  # "A7", "D3"
    position: str
    note: str
    revision: int
    by: str | None
    at: datetime
    line: int  # where it is written, for an error found when it is put in place


def entry_line(text: str, table: str, index: int, key: str | None = None) -> int:
    """The line of `key` in the `index`-th [[table]] (1-based), else that table's header."""
    seen, header = 0, 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            if header:
                break
            seen += stripped == f"[[{table}]]"
            header = number if seen == index else 0
        elif header and key and line.startswith(f"{key} ="):
            return number
    return header or 1


def field_named(exc: AccordError) -> str | None:
    field = exc.detail.get("field") if isinstance(exc.detail, dict) else None
    return str(field).split(".")[0] if field else None


def parse_delegations_file(
    text: str, file: str, languages: Sequence[str]
) -> tuple[list[DelegationEntry], list[PositionEntry]]:
    """`languages`: the process's, its source language first."""
    data = read_toml(text, file)
    delegations, codes, speakers = [], set(), set()
    for index, raw in enumerate(data.get("delegations") or [], start=1):
        try:
            draft = DelegationDraft.build(
                code=str(raw.get("code") or ""), names=raw.get("names"), kind=raw.get("kind"), languages=languages
            )
            members = tuple(parse_email(str(email)) for email in raw.get("members") or [])
        except AccordError as exc:
            line = entry_line(text, "delegations", index, field_named(exc) or "members")
            raise ImportFailed(file, line, exc.message, **exc.params) from None
        if draft.code in codes:
            raise ImportFailed(
                file,
                entry_line(text, "delegations", index, "code"),
                N_("The delegation “{code}” is listed twice."),
                code=draft.code,
            )
        for email in members:
            if email in speakers:
                raise ImportFailed(
                    file,
                    entry_line(text, "delegations", index, "members"),
                    N_("{email} speaks for two delegations."),
                    email=email,
                )
            speakers.add(email)
        codes.add(draft.code)
        delegations.append(DelegationEntry(draft, members))
    return delegations, [
        _position(text, file, index, raw, codes) for index, raw in enumerate(data.get("positions") or [], 1)
    ]


def _position(text: str, file: str, index: int, raw: dict[str, Any], codes: set[str]) -> PositionEntry:
    line = entry_line(text, "positions", index)
    try:
        command = SetPosition(
            delegation=str(raw.get("delegation") or ""),
            eid=parse_eid(str(raw["paragraph"])) if "paragraph" in raw else None,
            amendment=raw.get("amendment"),
            position=str(raw.get("position") or ""),
            note=str(raw.get("note") or ""),
        )
        by = parse_email(str(raw["by"])) if raw.get("by") else None
    except AccordError as exc:
        key = {"delegation": "delegation", "eid": "paragraph", "amendment": "amendment"}.get(
            field_named(exc) or "", "position"
        )
        raise ImportFailed(file, entry_line(text, "positions", index, key), exc.message, **exc.params) from None
    if command.delegation not in codes:
        raise ImportFailed(
            file,
            entry_line(text, "positions", index, "delegation"),
            N_("“{code}” is not a delegation of this process."),
            code=command.delegation,
        )
    revision, at = raw.get("revision", 1), raw.get("at")
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        raise ImportFailed(
            file, entry_line(text, "positions", index, "revision"), N_("The revision is a count from 1.")
        )
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise ImportFailed(
            file, entry_line(text, "positions", index, "at"), N_("“at” is a date and time with its offset (…Z).")
        )
    return PositionEntry(
        str(command.delegation),
        command.eid,
        None if command.amendment is None else str(command.amendment),  # its label ("A7")
        command.position,
        command.note,
        revision,
        by,
        at.astimezone(UTC),
        line,
    )


def render_delegations_file(delegations: Sequence[DelegationEntry], positions: Sequence[PositionEntry]) -> str:
    lines = [HEADER]
    for entry in delegations:
        names = ", ".join(f"{lang} = {toml_value(name)}" for lang, name in entry.draft.names.items())
        lines += [
            "[[delegations]]",
            f"code = {toml_value(entry.draft.code)}",
            f"kind = {toml_value(entry.draft.kind)}",
            f"names = {{ {names} }}",
            f"members = {toml_value(list(entry.members))}",
            "",
        ]
    for p in positions:
        lines += ["[[positions]]", f"delegation = {toml_value(p.delegation)}"]
        lines.append(f"paragraph = {toml_value(p.eid)}" if p.eid else f"amendment = {toml_value(p.amendment)}")
        lines += [f"position = {toml_value(p.position)}", f"note = {toml_value(p.note)}", f"revision = {p.revision}"]
        if p.by:
            lines.append(f"by = {toml_value(p.by)}")
        lines += [f"at = {p.at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
