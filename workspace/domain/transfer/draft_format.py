"""The plain-file format of a process (drafts/): parse and render, text in and text out.

A process folder holds `process.toml`, `sessions/<ref>.md` and `recommendations/<ref>.md`;
the Markdown files carry YAML front matter between `---` fences. Rendering is canonical,
so export → import → export gives the same bytes.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import tomli_w

from ..consultations.consultations import (
    Decision,
    MemberDraft,
    ProcessDraft,
    RecommendationDraft,
    SessionDraft,
    with_offset,
)
from ..declaration.declaration_commands import Circulate
from ..declaration.declaration_format import Notice
from ..declaration.document import parse_eid
from ..errors import N_, AccordError, ImportFailed
from ..values import clean_file, list_field
from ..vocabulary import Phase, Role, parse_slug
from ..yaml_reading import entry_lines as mapping_entry_lines
from ..yaml_reading import read_mapping
from .toml_reading import read_toml

SESSION_KEYS = ("title", "starts_at", "ends_at", "place", "platform", "organisers", "languages", "capacity", "theme")
RECOMMENDATION_KEYS = ("session", "language", "author", "organisation", "themes", "status", "reason", "paragraphs")


@dataclass(frozen=True)
class SessionFile:
    ref: str
    session: SessionDraft


@dataclass(frozen=True)
class RecommendationFile:
    ref: str
    session_ref: str
    recommendation: RecommendationDraft
    decision: Decision
    paragraphs: tuple[str, ...] = ()  # eIds of the declaration paragraphs that take it up


def split_front_matter(text: str, file: str) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, line where the body starts); ImportFailed with the line if malformed."""
    text = clean_file(text.removeprefix("\ufeff").replace("\r\n", "\n"), file)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ImportFailed(file, 1, N_("The file must start with a front matter block between “---” lines."))
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ImportFailed(file, 1, N_("The front matter block is not closed by a “---” line.")) from None
    meta = read_mapping("\n".join(lines[1:end]), file, 2)
    body = "\n".join(lines[end + 1 :]).strip("\n")
    return meta, body, min(end + 2, len(lines))  # no body at all: the closing line


def line_of(text: str, key: str) -> int | None:
    """The line where `key:` is written in the front matter, to point at the faulty field."""
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.startswith((f"{key}:", f"{key} =")):
            return number
    return None


def _field_of(exc: AccordError, meta: Mapping[str, Any]) -> str | None:
    """The key an error is about: the one it names, else the key holding the rejected value."""
    detail = exc.detail if isinstance(exc.detail, dict) else {}
    if detail.get("field"):
        return str(detail["field"])
    bad = next((exc.params[k] for k in ("code", "value", "name") if k in exc.params), None)
    if bad is None:
        return None
    for key, value in meta.items():
        # The builders read a value as text: 5 is refused as “5”, ["es"] as “['es']”.
        if value == bad or str(value) == str(bad) or (isinstance(value, list) and str(bad) in map(str, value)):
            return str(key)
        if isinstance(value, dict) and str(bad) in map(str, value):  # a key of a table ([title])
            return str(bad)
    return None


def _reraise(exc: AccordError, text: str, file: str, body_line: int, meta: Mapping[str, Any]) -> ImportFailed:
    field = _field_of(exc, meta)
    mapping, _, key = (field or "").partition(".")  # "labels.de": the `de` line under `labels:`
    line = (
        (entry_lines(text, mapping).get(key) or line_of(text, mapping))
        if key
        else line_of(text, field)
        if field
        else None
    )
    if field in ("summary", "text"):
        line = body_line
    return ImportFailed(file, line or 1, exc.message, **exc.params)


def _unknown_keys(meta: Mapping[str, Any], allowed: tuple[str, ...], text: str, file: str) -> None:
    for key in meta:
        if key not in allowed:
            raise ImportFailed(file, line_of(text, str(key)) or 1, N_("Unknown field “{key}”."), key=key)


def parse_session_file(text: str, file: str, ref: str, zone: str | None = None) -> SessionFile:
    meta, body, body_line = split_front_matter(text, file)
    _unknown_keys(meta, SESSION_KEYS, text, file)
    try:
        session = SessionDraft.build(
            title=meta.get("title"),
            starts_at=meta.get("starts_at"),
            ends_at=meta.get("ends_at"),
            place=meta.get("place"),
            platform=meta.get("platform"),
            organisers=meta.get("organisers"),
            languages=meta.get("languages"),
            capacity=meta.get("capacity"),
            theme=meta.get("theme"),
            summary=body,
            zone=zone,
        )
        return SessionFile(ref=parse_slug(ref, "reference"), session=session)
    except ImportFailed:
        raise
    except AccordError as exc:
        raise _reraise(exc, text, file, body_line, meta) from None


def parse_recommendation_file(text: str, file: str, ref: str) -> RecommendationFile:
    meta, body, body_line = split_front_matter(text, file)
    _unknown_keys(meta, RECOMMENDATION_KEYS, text, file)
    try:
        return RecommendationFile(
            ref=parse_slug(ref, "reference"),
            session_ref=parse_slug(str(meta.get("session") or ""), "session"),
            recommendation=RecommendationDraft.build(
                text=body,
                language=meta.get("language"),
                author=meta.get("author"),
                organisation=meta.get("organisation"),
                themes=meta.get("themes"),
            ),
            decision=Decision(status=meta.get("status") or "open", reason=_or_empty(meta.get("reason"))),
            paragraphs=tuple(parse_eid(e) for e in list_field(meta, "paragraphs")),
        )
    except AccordError as exc:
        raise _reraise(exc, text, file, body_line, meta) from None


VERSION_KEYS = ("number", "label", "date", "note", "labels")  # labels: its names in the other languages


def parse_version_header(
    meta: Mapping[str, Any], text: str, file: str, label: str | None = None
) -> tuple[Any, Circulate]:
    """The number (as written: the caller checks the order) and the label, date and note of a
    version file's front matter; `label` given by the person takes the place of the file's."""
    _unknown_keys(meta, VERSION_KEYS, text, file)
    number = meta.get("number")
    if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
        raise ImportFailed(
            file, line_of(text, "number") or 1, N_("The field “{field}” must be a whole number."), field="number"
        )
    try:
        return number, Circulate(
            label=label or meta.get("label"),  # type: ignore[arg-type]
            date=meta.get("date"),
            note=meta.get("note") or "",
            labels=meta.get("labels"),
        )
    except AccordError as exc:
        raise _reraise(exc, text, file, 1, meta) from None


def read_version_header(
    meta: Mapping[str, Any], text: str, file: str, label: str | None = None
) -> tuple[Circulate, list[Notice]]:
    """The label, date and note of a version file from anywhere (another site's Markdown, a converter's
    output): Accord's own keys are read, any other is set aside with a notice, never refused; a `title`
    names the version when no label is given. A date that is not one is set aside too."""
    notices = [
        Notice(
            line_of(text, str(key)) or 1,
            N_("The front matter field “{key}” is not Accord's: it is set aside."),
            {"key": str(key)},
        )
        for key in meta
        if key not in (*VERSION_KEYS, "title")
    ]
    own = {key: meta[key] for key in ("label", "date", "note", "labels") if key in meta}
    if "labels" in own and not (
        isinstance(own["labels"], dict) and all(isinstance(v, str) for v in own["labels"].values())
    ):
        notices.append(
            Notice(
                line_of(text, "labels") or 1,
                N_("The front matter field “{key}” is not Accord's: it is set aside."),
                {"key": "labels"},
            )
        )
        own.pop("labels")
    title = meta.get("title")
    if not (label or own.get("label")) and isinstance(title, str) and title.strip():
        own["label"] = title.strip()
        notices.append(Notice(line_of(text, "title") or 1, N_("The version is named after the front matter's title.")))
    elif "title" in meta:
        notices.append(
            Notice(
                line_of(text, "title") or 1,
                N_("The front matter field “{key}” is not Accord's: it is set aside."),
                {"key": "title"},
            )
        )
    if "number" in meta:
        notices.append(
            Notice(
                line_of(text, "number") or 1,
                N_("The version's number is the next one of the process: the file's “number” is set aside."),
            )
        )
    date = own.pop("date", None)
    if date is not None and _day_of(date):
        own["date"] = _day_of(date)
    elif date is not None:
        message = (
            N_("The date “{value}” is no day of the calendar: it is set aside, and the version is dated today.")
            if _ISO_DAY.match(str(date))
            else N_("The date “{value}” is not written as YYYY-MM-DD: it is set aside, and the version is dated today.")
        )
        notices.append(Notice(line_of(text, "date") or 1, message, {"value": str(date)}))
    if own.get("note") is not None and not isinstance(own["note"], str):
        own["note"] = str(own["note"])
    try:
        return Circulate(
            label=label or own.get("label"),  # type: ignore[arg-type]
            date=own.get("date"),
            note=own.get("note") or "",
            labels=own.get("labels"),
        ), notices
    except AccordError as exc:
        raise _reraise(exc, text, file, 1, meta) from None


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?![\d-])")


def _day_of(value: object) -> str | None:
    """The day of a date, or of a date and time (as a site's front matter dates its pages), as YYYY-MM-DD;
    None when it is neither, or no day of the calendar (2021-02-30)."""
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        return None
    try:
        return datetime.datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return None


def parse_process_file(text: str, file: str) -> tuple[ProcessDraft, list[MemberDraft]]:
    data = read_toml(clean_file(text.removeprefix("\ufeff"), file), file)
    _check_process_types(data, text, file)
    try:
        process = ProcessDraft(
            slug=data.get("slug", ""),
            titles=data.get("title") or {},
            source_language=data.get("source_language") or data.get("source") or "",
            languages=data.get("languages", ()),
            # `[place]`, a table per language like `[title]`; a file of before places had languages
            # wrote one `place`, the source language's.
            timezone=data.get("timezone", "UTC"),
            places=_table(data.get("place")),
            place=_text_only(data.get("place")),
            phase=data.get("phase", Phase.CONSULTATION.value),
            members_see_emails=data.get("members_see_emails", False),
            positions_public=data.get("positions_public", False),
        )
    except AccordError as exc:
        field = _field_of(exc, data)
        table, _, key = (field or "").partition(".")  # "places.en": the `en` line of the [place] table
        line = _table_key_line(text, _TABLES.get(table, table), key) if key else line_of(text, field) if field else None
        raise ImportFailed(file, line or 1, exc.message, **exc.params) from None
    members: list[MemberDraft] = []
    seen: set[str] = set()
    for index, raw in enumerate(data.get("members") or [], start=1):
        for key in raw:
            if key not in MEMBER_KEYS:
                raise ImportFailed(file, _member_line(text, index, str(key)), N_("Unknown field “{key}”."), key=key)
        try:
            member = MemberDraft(
                email=_text(raw.get("email", "")),
                role=_text(raw.get("role", "")),
                name=_or_empty(raw.get("name")),
                languages=raw.get("languages"),
                reviews=raw.get("reviews"),
            )
        except AccordError as exc:
            raise ImportFailed(
                file, _member_line(text, index, _field_of(exc, raw)), exc.message, **exc.params
            ) from None
        if member.email in seen:
            raise ImportFailed(
                file,
                _member_line(text, index, "email"),
                N_("The member “{email}” is listed twice."),
                email=member.email,
            )
        seen.add(member.email)
        members.append(member)
    return process, members


def check_committee(members: list[MemberDraft], text: str, file: str) -> None:
    """A process imported from its files needs someone to run it: at least one committee member."""
    if not any(m.role == Role.COMMITTEE for m in members):
        raise ImportFailed(
            file, _member_line(text, 1) if members else 1, N_("A process needs at least one committee member.")
        )


PROCESS_KEYS = (
    "slug",
    "source_language",
    "source",
    "languages",
    "timezone",
    "place",
    "phase",
    "members_see_emails",
    "positions_public",
    "title",
    "members",
)
MEMBER_KEYS = ("email", "name", "role", "languages", "reviews")
# What each key of process.toml holds; a list of languages may also be written as "es, en".
_PROCESS_TYPES: dict[str, tuple[type, ...]] = {
    "slug": (str,),
    "source_language": (str,),
    "source": (str,),
    "languages": (str, list),
    "timezone": (str,),
    "place": (str, dict),
    "phase": (str,),
    "members_see_emails": (bool,),
    "positions_public": (bool,),
    "title": (dict,),
    "members": (list,),
}


def _table(value: Any) -> Any:
    return value if isinstance(value, dict) else None


def _text_only(value: Any) -> Any:
    return None if isinstance(value, dict) else value


def _or_empty(value: Any) -> Any:
    """A value left out (or null in front matter) is an empty text."""
    return "" if value is None else value


def _text(value: Any) -> Any:
    """A value the builders read as text, or None when it is not text (they then say it is missing)."""
    return value if isinstance(value, str) or value is None else str(value)


def _check_process_types(data: Mapping[str, Any], text: str, file: str) -> None:
    for key, value in data.items():
        if key not in PROCESS_KEYS:
            raise ImportFailed(
                file, line_of(text, key) or _table_line(text, key), N_("Unknown field “{key}”."), key=key
            )
        if not isinstance(value, _PROCESS_TYPES[key]):
            expected = _PROCESS_TYPES[key][-1]
            message = (
                N_("The field “{field}” must be a table ([{field}]).")
                if expected is dict
                else N_("The field “{field}” must be a list.")
                if expected is list
                else N_("The field “{field}” must be true or false.")
                if expected is bool
                else N_("The field “{field}” must be text.")
            )
            raise ImportFailed(file, line_of(text, key) or _table_line(text, key), message, field=key)
    for raw in data.get("members") or []:
        if not isinstance(raw, dict):
            raise ImportFailed(file, line_of(text, "members") or 1, N_("Each member is a [[members]] table."))


_TABLES = {"titles": "title", "places": "place"}  # the values' names → the process file's tables


def _table_key_line(text: str, table: str, key: str) -> int | None:
    """The line of `key = …` in the `[table]` table, else the table's header (a `place = "…"` of an older file)."""
    start = _table_line(text, table)
    lines = text.split("\n")
    if lines[start - 1].strip() != f"[{table}]":
        return line_of(text, table)
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.strip().startswith("["):
            break
        if line.startswith((f"{key} =", f'"{key}" =')):
            return number
    return start


def _table_line(text: str, key: str) -> int:
    """The line of a `[key]` or `[[key]]` header."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() in (f"[{key}]", f"[[{key}]]"):
            return number
    return 1


def _member_line(text: str, index: int, field: str | None = None) -> int:
    """The line of `field` in the `index`-th [[members]] table, else the table's header."""
    seen, header = 0, 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip().startswith("["):
            if header:
                break
            seen += line.strip() == "[[members]]"
            header = number if seen == index else 0
        elif header and field and line.startswith(f"{field} ="):
            return number
    return header or 1


def _yaml_value(value: Any) -> str:
    """JSON scalars and flow lists are valid YAML, and unambiguous (no Norway problem)."""
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(value, ensure_ascii=False))


# Characters YAML refuses raw (DEL, C1 controls, BOM, non-characters) or reads as line breaks
# (NEL, U+2028, U+2029) inside a quoted scalar: written as \u escapes, which YAML reads back.
# Noncharacters are YAML's to read, but the files' reader refuses them raw (values.clean_text), as every way in does.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufeff\ufffe\uffff]")


_PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _yaml_key(key: str) -> str:
    return key if _PLAIN_KEY.fullmatch(key) and key not in _YAML_WORDS else _yaml_value(key)


def _yaml_entry(key: str, value: Any, indent: int = 0) -> list[str]:
    """The lines of `key: value`. A mapping (a hash per eId) and a list of mappings (a thread's comments) are
    written in YAML's block style, an entry per line, so that no line holds more than one text and a diff
    of two exports names the entries that changed; scalars and plain lists stay JSON, as before."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        return [
            f"{pad}{_yaml_key(key)}:",
            *(line for k, v in value.items() for line in _yaml_entry(str(k), v, indent + 2)),
        ]
    if isinstance(value, list) and value and all(isinstance(item, dict) and item for item in value):
        lines = [f"{pad}{_yaml_key(key)}:"]
        for item in value:
            inner = [line for k, v in item.items() for line in _yaml_entry(str(k), v, indent + 4)]
            lines += [f"{pad}  - {inner[0][indent + 4 :]}", *inner[1:]]
        return lines
    return [f"{pad}{_yaml_key(key)}: {_yaml_value(value)}"]


# Plain words YAML reads as something else than a string (booleans, null): quoted when they are keys.
_YAML_WORDS = {
    "y",
    "Y",
    "yes",
    "Yes",
    "YES",
    "n",
    "N",
    "no",
    "No",
    "NO",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "FALSE",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
    "null",
    "Null",
    "NULL",
}


def front_matter(pairs: list[tuple[str, Any]], body: str) -> str:
    """Canonical front matter then body: the same values always give the same bytes."""
    head = "\n".join(line for key, value in pairs for line in _yaml_entry(key, value))
    return f"---\n{head}\n---\n{body}\n" if body else f"---\n{head}\n---\n"


def entry_lines(text: str, key: str) -> dict[str, int]:
    """The line of each entry of the mapping `key` of the front matter, by its key (as YAML reads it: a
    quoted key with escapes is found too); {} when the front matter is not YAML."""
    return {entry: line for entry, (line, _) in entry_field_lines(text, key).items()}


def entry_field_lines(text: str, key: str) -> dict[str, tuple[int, dict[str, int]]]:
    """`entry_lines`, each with the line of each of its fields when the entry is a mapping."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    end = (
        next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if lines[0].strip() == "---"
        else None
    )
    return mapping_entry_lines("\n".join(lines[1:end]), key, 2) if end else {}  # the front matter starts on line 2


def render_session_file(session: SessionDraft, offset_minutes: int) -> str:
    starts = with_offset(session.starts_at, offset_minutes).isoformat()
    ends = with_offset(session.ends_at, offset_minutes).isoformat()
    return front_matter(
        [
            ("title", session.title),
            ("starts_at", starts),
            ("ends_at", ends),
            ("place", session.place),
            ("platform", session.platform),
            ("organisers", list(session.organisers)),
            ("languages", list(session.languages)),
            ("capacity", session.capacity),
            ("theme", session.theme),
        ],
        session.summary,
    )


def render_recommendation_file(item: RecommendationFile) -> str:
    r, d = item.recommendation, item.decision
    pairs: list[tuple[str, Any]] = [
        ("session", item.session_ref),
        ("language", r.language),
        ("author", r.author),
        ("organisation", r.organisation),
        ("themes", list(r.themes)),
        ("status", d.status),
        ("reason", d.reason),
    ]
    if item.paragraphs:
        pairs.append(("paragraphs", list(item.paragraphs)))
    return front_matter(pairs, r.text)


def render_process_file(process: ProcessDraft, members: list[MemberDraft]) -> str:
    # Written line by line, not with tomli_w.dumps: its layout changes with the length of the values
    # (arrays over several lines, members inline when short), and drafts/ keeps one stable layout.
    lines = [
        f"{key} = {toml_value(value)}"
        for key, value in (
            ("slug", process.slug),
            ("source_language", process.source_language),
            ("languages", process.languages),
            ("timezone", process.timezone),
            ("phase", process.phase),
        )
    ]
    if process.members_see_emails:  # written only when allowed: the default keeps older files as they were
        lines.append("members_see_emails = true")
    if process.positions_public:
        lines.append("positions_public = true")
    lines += ["", "[title]"]
    lines += [f"{lang} = {toml_value(process.titles[lang])}" for lang in process.languages if lang in process.titles]
    if process.places:
        lines += ["", "[place]"]
        lines += [
            f"{lang} = {toml_value(process.places[lang])}" for lang in process.languages if lang in process.places
        ]
    for m in members:
        lines += ["", "[[members]]"]
        lines += [
            f"{key} = {toml_value(value)}"
            for key, value in (("email", m.email), ("name", m.name), ("role", m.role), ("languages", m.languages))
        ]
        if m.reviews:  # written only when given: most translators do not review
            lines.append(f"reviews = {toml_value(m.reviews)}")
    return "\n".join(lines) + "\n"


def toml_value(value: Any) -> str:
    """One TOML value on one line; tomli_w does the escaping."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return tomli_w.dumps({"v": value}).removeprefix("v = ").removesuffix("\n")
