"""The plain-file format of a process (drafts/): parse and render, text in and text out.

A process folder holds `process.toml`, `sessions/<ref>.md` and `recommendations/<ref>.md`;
the Markdown files carry YAML front matter between `---` fences (read and written by front_matter,
whose names are also importable from here). Rendering is canonical, so export → import → export
gives the same bytes.
"""

from __future__ import annotations

import datetime
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
from ..declaration.version_names import DefaultName
from ..errors import N_, NN_, AccordError, ImportFailed, InvalidInput
from ..values import MAX_LABEL, clean_file, list_field, text_value
from ..vocabulary import Phase, Role, parse_slug
from .front_matter import entry_field_lines, entry_lines, front_matter, line_of, refuse_unknown_keys, split_front_matter
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


def parse_session_file(text: str, file: str, ref: str, zone: str | None = None) -> SessionFile:
    meta, body, body_line = split_front_matter(text, file)
    refuse_unknown_keys(meta, SESSION_KEYS, text, file)
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
    refuse_unknown_keys(meta, RECOMMENDATION_KEYS, text, file)
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
    refuse_unknown_keys(meta, VERSION_KEYS, text, file)
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
    meta: Mapping[str, Any], text: str, file: str, label: str | None = None, default: DefaultName | None = None
) -> tuple[Circulate, list[Notice]]:
    """The label, date and note of a version file from anywhere (another site's Markdown, a converter's
    output): Accord's own keys are read, any other is set aside with a notice, never refused; a `title`
    names the version when no label is given and it fits a label, else the version takes its `default` name, and a
    notice says so. A date that is not one is set aside too."""
    header = _ForeignHeader(meta, text)
    labels = header.labels()  # read in this order: the notices follow it
    name = header.label(label, default)
    if default is not None and not labels and not (label or meta.get("label")) and name == default.label:
        labels = default.labels or None  # named by default, in each language; a name someone gave is theirs alone
    header.set_number_aside()
    day = header.day()
    try:
        return Circulate(label=name, date=day, note=header.note(), labels=labels), header.notices
    except AccordError as exc:
        raise _reraise(exc, text, file, 1, meta) from None


_SET_ASIDE = N_("The front matter field “{key}” is not Accord's: it is set aside.")


class _ForeignHeader:
    """A version file's front matter as another site or a converter writes it, read leniently: what Accord cannot
    use is set aside, each with a notice at its line, in the order they are read."""

    def __init__(self, meta: Mapping[str, Any], text: str) -> None:
        self.meta, self.text = meta, text
        self.notices = [self._set_aside(str(key)) for key in meta if key not in (*VERSION_KEYS, "title")]

    def _set_aside(self, key: str) -> Notice:
        return Notice(line_of(self.text, key) or 1, _SET_ASIDE, {"key": key})

    def labels(self) -> Any:
        """The version's names in the other languages: set aside unless a mapping of texts."""
        value = self.meta.get("labels")
        if "labels" in self.meta and not (isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
            self.notices.append(self._set_aside("labels"))
            return None
        return value

    def label(self, given: str | None, default: DefaultName | None) -> Any:
        """The label given, else the file's, else its title (a site's page is named so) if it fits a label, else the
        default name. Nothing the person left empty is refused: what stands in for it is said in a notice."""
        title = self.meta.get("title")
        if given or self.meta.get("label"):
            if "title" in self.meta:
                self.notices.append(self._set_aside("title"))
            return given or self.meta.get("label")
        if isinstance(title, str) and title.strip() and (named := _fitting(title)):
            self.notices.append(
                Notice(line_of(self.text, "title") or 1, N_("The version is named after the front matter's title."))
            )
            return named
        if default is None:
            return given or self.meta.get("label")  # refused as a required label
        if isinstance(title, str) and title.strip():
            self.notices.append(
                Notice(
                    line_of(self.text, "title") or 1,
                    NN_(
                        "The front matter’s title is too long to name the version (at most {limit} character): the "
                        "version is named “{label}”.",
                        "The front matter’s title is too long to name the version (at most {limit} characters): the "
                        "version is named “{label}”.",
                        "limit",
                    ),
                    {"limit": MAX_LABEL, "label": default.label},
                )
            )
        else:
            if "title" in self.meta:
                self.notices.append(self._set_aside("title"))
            self.notices.append(
                Notice(
                    1,
                    N_("No label was given, and the file gives none: the version is named “{label}”."),
                    {"label": default.label},
                )
            )
        return default.label

    def set_number_aside(self) -> None:
        """A version's number is the process's to give: the file's is said to be set aside."""
        if "number" in self.meta:
            self.notices.append(
                Notice(
                    line_of(self.text, "number") or 1,
                    N_("The version's number is the next one of the process: the file's “number” is set aside."),
                )
            )

    def day(self) -> str | None:
        """The day of `date` (of a date and time too), or None: none written, or one set aside as no day."""
        date = self.meta.get("date")
        day = _day_of(date)
        if date is None or day:
            return day
        message = (
            N_("The date “{value}” is no day of the calendar: it is set aside, and the version is dated today.")
            if _ISO_DAY.match(str(date))
            else N_("The date “{value}” is not written as YYYY-MM-DD: it is set aside, and the version is dated today.")
        )
        self.notices.append(Notice(line_of(self.text, "date") or 1, message, {"value": str(date)}))
        return None

    def note(self) -> str:
        """The note as text: a number or a list written there is its text."""
        note = self.meta.get("note")
        if note is not None and not isinstance(note, str):
            return str(note)
        return note or ""


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?![\d-])")


def _fitting(title: str) -> str | None:
    """The title as a version's label, None if it cannot be one (too long)."""
    try:
        return text_value(title, "label", required=True, limit=MAX_LABEL)
    except InvalidInput:
        return None


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


__all__ = [
    "MEMBER_KEYS",
    "PROCESS_KEYS",
    "RECOMMENDATION_KEYS",
    "SESSION_KEYS",
    "VERSION_KEYS",
    "RecommendationFile",
    "SessionFile",
    "check_committee",
    "entry_field_lines",  # the front matter's, from front_matter: importable here as before
    "entry_lines",
    "front_matter",
    "line_of",
    "parse_process_file",
    "parse_recommendation_file",
    "parse_session_file",
    "parse_version_header",
    "read_version_header",
    "render_process_file",
    "render_recommendation_file",
    "render_session_file",
    "split_front_matter",
    "toml_value",
]
