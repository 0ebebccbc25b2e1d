"""An amendment as a plain file of the drafts/ format: `amendments/A7.md`, or `amendments/D3.md` for
one of the committee's on the working draft (its draft series: domain.series).

Front matter (every key, always in this order, `null` where it does not apply) then the proposed
wording as the body. The base text is written out: an amendment to the working draft was made on
a text that no file keeps. Rendering is canonical, so export → import → export gives the same bytes.
`merged_into` names a compromise by its number (7: A7) or its label ("D3").

In every language (issue 34), two keys written only when they hold something, so that a file without them reads
and writes as before: `lang`, the edition an amendment was proposed in when not the source's (the base and the
wording above are then the source's: the paragraph unchanged until it is rendered into the source), and
`renderings`, by language, each `state` (original: the words it was proposed in; rendered; approved), `base` (that
edition's paragraph it was made from; null for an insert), `text`, `outside` (it changes words outside the
amendment's span there), `by` (a member's e-mail, or null) and `at`. Which languages the process has, and which is
its source, is the folder's business (services.transfer.amendment_files).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..amendments.amendments import AmendmentKind, Proposal, Status
from ..amendments.renderings import RenderingState
from ..amendments.votes import RoomVote, Vote
from ..declaration.document import Kind, parse_eid
from ..errors import N_, AccordError, Choices, ImportFailed
from ..series import DRAFT_MARK, Numbered, amendment_label, parse_number
from ..values import clean_text
from ..vocabulary import parse_enum, parse_language
from .front_matter import entry_field_lines, front_matter, line_of, refuse_unknown_keys, split_front_matter

KEYS = (
    "kind",
    "eid",
    "version",
    "paragraph_kind",
    "lang",
    "proposer",
    "delegation",
    "cosponsors",
    "cosponsor_delegations",
    "proposed_at",
    "rationale",
    "base",
    "status",
    "decided_by",
    "decided_at",
    "reason",
    "vote",
    "decided_text",
    "merged_into",
    "created_eid",
    "renderings",
)
RENDERING_KEYS = ("state", "base", "text", "outside", "by", "at")
STORED_STATES = (RenderingState.ORIGINAL, RenderingState.RENDERED, RenderingState.APPROVED)
OWN_WORDS = N_("The amendment was proposed in “{language}”: its rendering there is its “original”, its own words.")
FILE_NAME = re.compile(r"^([AD])([1-9]\d{0,8})\.md$")


@dataclass(frozen=True)
class RenderingFile:
    """An amendment's wording in one language (`renderings:` of its file)."""

    state: RenderingState  # original, rendered or approved
    base: str | None  # that edition's paragraph it was made from (None for an insert)
    text: str
    at: datetime
    outside: bool = False  # it changes words outside the amendment's span there
    by: str | None = None  # e-mail of a member of the process


@dataclass(frozen=True)
class AmendmentFile:
    number: int  # in its series: everyone's (A7.md), or the draft's (`draft`: D3.md)
    kind: AmendmentKind
    eid: str  # the paragraph it changes; for an insert, the one it goes after
    version: int | None  # the version number it was made against; None: the working draft
    paragraph_kind: Kind | None  # an insert: the kind of the new paragraph
    proposer: str | None  # e-mail of a member of the process
    cosponsors: tuple[str, ...]  # e-mails, sorted
    proposed_at: datetime
    rationale: str
    base: str | None  # the text it was made on (None for an insert)
    text: str  # the proposed wording (empty for a delete)
    status: Status
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str = ""
    decided_text: str | None = None
    merged_into: Numbered | None = None
    created_eid: str | None = None
    draft: bool = False  # D3.md: filed on the working draft, numbered in the committee's draft series
    delegation: str | None = None  # the code of the delegation it was filed on behalf of
    cosponsor_delegations: tuple[tuple[str, str], ...] = ()  # (e-mail, code) of who co-sponsored for a delegation
    vote: Vote | None = None  # decided by a vote of the room
    lang: str | None = None  # the edition it was proposed in, when not the source's
    renderings: tuple[tuple[str, RenderingFile], ...] = ()  # (language, rendering), in the process's order

    @property
    def label(self) -> str:
        return amendment_label(self.number, self.draft)


def _into(value: Numbered | None) -> int | str | None:
    return None if value is None else value.label() if value.draft else value.number


def _moment(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _vote_data(vote: Vote | None) -> dict[str, Any] | None:
    if vote is None:
        return None
    return {**vote.data(), "roll_call": {code: ballot.value for code, ballot in vote.roll_call}}


def _vote_of(read: _Fields, raw: object) -> Vote | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not set(raw) <= {"for", "against", "abstain", "roll_call"}:
        raise read.fail("vote", N_("A vote holds for, against, abstain (whole numbers) and roll_call (code: ballot)."))
    calls = raw.get("roll_call") or {}
    if not isinstance(calls, dict) or not all(isinstance(v, str) for v in calls.values()):
        raise read.fail("vote", N_("A vote holds for, against, abstain (whole numbers) and roll_call (code: ballot)."))
    try:
        return RoomVote(
            yes=raw.get("for"),
            no=raw.get("against"),
            abstain=raw.get("abstain"),
            roll_call={str(k): v for k, v in calls.items()},
        ).counted()
    except AccordError as exc:
        raise read.fail("vote", exc.message, **exc.params) from None


def _rendering_data(rendering: RenderingFile) -> dict[str, Any]:
    return {
        "state": rendering.state.value,
        "base": rendering.base,
        "text": rendering.text,
        "outside": rendering.outside,
        "by": rendering.by,
        "at": _moment(rendering.at),
    }


def render_amendment_file(item: AmendmentFile) -> str:
    pairs: list[tuple[str, Any]] = [
        ("kind", item.kind.value),
        ("eid", item.eid),
        ("version", item.version if item.version is not None else "draft"),
        ("paragraph_kind", item.paragraph_kind.value if item.paragraph_kind else None),
        *([("lang", item.lang)] if item.lang is not None else []),  # written only when given: older files stay
        ("proposer", item.proposer),
        ("delegation", item.delegation),
        ("cosponsors", sorted(item.cosponsors)),
        ("cosponsor_delegations", dict(sorted(item.cosponsor_delegations))),
        ("proposed_at", _moment(item.proposed_at)),
        ("rationale", item.rationale),
        ("base", item.base),
        ("status", item.status.value),
        ("decided_by", item.decided_by),
        ("decided_at", _moment(item.decided_at)),
        ("reason", item.reason),
        ("vote", _vote_data(item.vote)),
        ("decided_text", item.decided_text),
        ("merged_into", _into(item.merged_into)),
        ("created_eid", item.created_eid),
        *([("renderings", {lang: _rendering_data(r) for lang, r in item.renderings})] if item.renderings else []),
    ]
    return front_matter(pairs, item.text)


class _Fields:
    """Reads the front matter's values, each refusal naming the file and the line of its key; those of a mapping
    inside it (a rendering) with `lines`, the line of each of its keys, and `line`, its own."""

    def __init__(
        self, meta: dict[str, Any], text: str, file: str, lines: dict[str, int] | None = None, line: int = 0
    ) -> None:
        self.meta, self.text, self.file = meta, text, file
        self.lines, self.line = lines, line

    def fail(self, key: str, message: str, **params: Any) -> ImportFailed:
        if self.lines is not None:
            return ImportFailed(self.file, self.lines.get(key) or self.line or 1, message, **params)
        return ImportFailed(self.file, line_of(self.text, key) or 1, message, **params)

    def text_or_none(self, key: str, required: bool = False) -> str | None:
        value = self.meta.get(key)
        if value is None:
            if required:
                raise self.fail(key, N_("The field “{field}” is required."), field=key)
            return None
        if not isinstance(value, str):
            raise self.fail(key, N_("The field “{field}” must be text."), field=key)
        try:
            return clean_text(value)
        except AccordError as exc:
            raise self.fail(key, exc.message, **exc.params) from None

    def moment(self, key: str, required: bool = False) -> datetime | None:
        raw = self.meta.get(key)
        if raw is None and not required:
            return None
        value = raw if isinstance(raw, datetime) else None
        if isinstance(raw, str):
            try:
                value = datetime.fromisoformat(raw)
            except ValueError:
                value = None
        if value is None:
            raise self.fail(key, N_("The field “{field}” must be a date and time (ISO 8601)."), field=key)
        if value.tzinfo is None:
            raise self.fail(
                key, N_("The time in “{field}” has no time zone: add its offset (for example +03:00)."), field=key
            )
        return value.astimezone(UTC)

    def choice(self, key: str, enum: type, required: bool = True) -> Any:
        value = self.meta.get(key)
        if value is None and not required:
            return None
        try:
            return parse_enum(enum, value if isinstance(value, str) else "", key)
        except AccordError as exc:
            raise self.fail(key, exc.message, **exc.params) from None

    def eid(self, key: str, required: bool = True) -> str | None:
        value = self.text_or_none(key, required)
        if value is None:
            return None
        try:
            return parse_eid(value)
        except AccordError as exc:
            raise self.fail(key, exc.message, **exc.params) from None

    def words(self, key: str) -> str:
        """An optional text, empty when left out."""
        return self.text_or_none(key) or ""

    def when(self, key: str) -> datetime:
        """A required date and time."""
        return self.moment(key, required=True) or datetime.now(UTC)


def _lang_of(read: _Fields, raw: object) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise read.fail("lang", N_("The field “{field}” must be text."), field="lang")
    try:
        return parse_language(raw)
    except AccordError as exc:
        raise read.fail("lang", exc.message, **exc.params) from None


def _renderings_of(
    text: str, file: str, raw: object, kind: AmendmentKind, lang: str | None
) -> tuple[tuple[str, RenderingFile], ...]:
    """`renderings:`, each refusal at the line of its language or of its faulty field; whether the process has the
    languages is the folder's to say."""
    top = _Fields({}, text, file)
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise top.fail(
            "renderings",
            N_("The field “{field}” maps each language to its rendering (state, base, text, outside, by, at)."),
            field="renderings",
        )
    if raw and kind == AmendmentKind.DELETE:
        raise top.fail("renderings", N_("A deletion reads the same in every language: there is nothing to render."))
    lines = entry_field_lines(text, "renderings")
    found: dict[str, RenderingFile] = {}
    for key, value in raw.items():
        line, fields = lines.get(str(key), (line_of(text, "renderings") or 1, {}))
        try:
            code = parse_language(str(key))
        except AccordError as exc:
            raise ImportFailed(file, line, exc.message, **exc.params) from None
        if code in found:
            raise ImportFailed(file, line, N_("Two renderings in “{language}”."), language=code)
        if not isinstance(value, dict):
            raise ImportFailed(
                file,
                line,
                N_("The field “{field}” maps each language to its rendering (state, base, text, outside, by, at)."),
                field="renderings",
            )
        for field in value:
            if field not in RENDERING_KEYS:
                raise ImportFailed(file, fields.get(str(field), line), N_("Unknown field “{key}”."), key=field)
        found[code] = _rendering_of(_Fields(value, text, file, fields, line), kind, code, lang)
    if lang is not None and kind != AmendmentKind.DELETE and lang not in found:
        raise top.fail(
            "lang",
            N_("An amendment proposed in “{language}” keeps its words there as its rendering “original” (renderings)."),
            language=lang,
        )
    return tuple(found.items())


def _rendering_of(read: _Fields, kind: AmendmentKind, code: str, lang: str | None) -> RenderingFile:
    """One entry of `renderings:`, the rendering in `code` (`lang`: the language the amendment was proposed in)."""
    state = _rendering_state(read, code, lang)
    base = None if kind == AmendmentKind.INSERT else read.text_or_none("base", required=True)
    words = read.text_or_none("text", required=True) or ""
    if not words.strip():
        raise read.fail("text", N_("The field “{field}” is required."), field="text")
    outside = read.meta.get("outside")
    if outside is not None and not isinstance(outside, bool):
        raise read.fail("outside", N_("The field “{field}” must be true or false."), field="outside")
    try:
        Proposal(kind, base, words).check()
    except AccordError as exc:
        raise read.fail("text", exc.message, **exc.params) from None
    return RenderingFile(
        state=state, base=base, text=words, at=read.when("at"), outside=bool(outside), by=read.text_or_none("by")
    )


def _rendering_state(read: _Fields, code: str, lang: str | None) -> RenderingState:
    """A stored state: the rendering in the language the amendment was proposed in is its original, no other is."""
    raw = read.meta.get("state")
    if raw not in {s.value for s in STORED_STATES}:
        raise read.fail(
            "state",
            N_("Unknown {what} “{value}”: use one of {allowed}."),
            what="state",
            value="" if raw is None else str(raw),
            allowed=Choices(s.value for s in STORED_STATES),
        )
    state = RenderingState(raw)
    if code == lang and state != RenderingState.ORIGINAL:
        raise read.fail("state", OWN_WORDS, language=code)
    if state == RenderingState.ORIGINAL and code != lang:
        raise read.fail(
            "state", N_("Only the rendering in the language the amendment was proposed in (lang) is its “original”.")
        )
    return state


def parse_amendment_file(text: str, file: str, name: str) -> AmendmentFile:
    """One amendment file, or ImportFailed naming the file and line of what is wrong."""
    found = FILE_NAME.match(name)
    if found is None:
        raise ImportFailed(
            file, None, N_("Amendment files are named A1.md, A2.md … (D1.md, D2.md … on the working draft)")
        )
    meta, body, body_line = split_front_matter(text, file)
    refuse_unknown_keys(meta, KEYS, text, file)
    read = _Fields(meta, text, file)
    # Read in this order, as it always was: of several faults, the first met is the one named.
    kind = read.choice("kind", AmendmentKind)
    lang = _lang_of(read, meta.get("lang"))
    version = _version_of(read)
    cosponsors = _cosponsors_of(read)
    cosponsor_delegations = _cosponsor_delegations_of(read, cosponsors)
    base = _base_of(read, kind)
    wording = _wording_of(body, file, body_line, kind)
    draft = _draft_of(read, found.group(1), version, name)
    merged_into = _merged_into_of(read)
    item = AmendmentFile(
        number=int(found.group(2)),
        draft=draft,
        kind=kind,
        eid=read.eid("eid") or "",
        version=version,
        paragraph_kind=read.choice("paragraph_kind", Kind) if kind == AmendmentKind.INSERT else None,
        proposer=read.text_or_none("proposer"),
        cosponsors=cosponsors,
        proposed_at=read.when("proposed_at"),
        rationale=read.words("rationale"),
        base=base,
        text=wording,
        status=read.choice("status", Status),
        decided_by=read.text_or_none("decided_by"),
        decided_at=read.moment("decided_at"),
        reason=read.words("reason"),
        decided_text=read.text_or_none("decided_text"),
        merged_into=merged_into,
        created_eid=read.eid("created_eid", required=False),
        delegation=read.text_or_none("delegation"),
        cosponsor_delegations=cosponsor_delegations,
        vote=_vote_of(read, meta.get("vote")),
        lang=lang,
        renderings=_renderings_of(text, file, meta.get("renderings"), kind, lang),
    )
    _check_amendment(item, read, body_line)
    return item


def _version_of(read: _Fields) -> int | None:
    """The number of the version it was made against; None for the working draft (`draft`)."""
    version = read.meta.get("version")
    if version == "draft":
        return None
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise read.fail("version", N_("The field “{field}” must be a version number or “draft”."), field="version")
    return version


def _cosponsors_of(read: _Fields) -> tuple[str, ...]:
    """The co-sponsors' e-mail addresses."""
    cosponsors = read.meta.get("cosponsors") or []
    if not isinstance(cosponsors, list) or not all(isinstance(c, str) for c in cosponsors):
        raise read.fail("cosponsors", N_("The field “{field}” must be a list of email addresses."), field="cosponsors")
    return tuple(cosponsors)


def _cosponsor_delegations_of(read: _Fields, cosponsors: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(e-mail, delegation code) of each co-sponsor who co-sponsored for a delegation, sorted."""
    behalf = read.meta.get("cosponsor_delegations") or {}
    if not isinstance(behalf, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in behalf.items()):
        raise read.fail(
            "cosponsor_delegations",
            N_("The field “{field}” must map co-sponsors' email addresses to delegation codes."),
            field="cosponsor_delegations",
        )
    if set(behalf) - set(cosponsors):
        raise read.fail(
            "cosponsor_delegations",
            N_("{email} is not one of the co-sponsors."),
            email=sorted(set(behalf) - set(cosponsors))[0],
        )
    return tuple(sorted(behalf.items()))


def _base_of(read: _Fields, kind: AmendmentKind) -> str | None:
    """The text it was made on; an insert has none (one written is checked as text, not kept)."""
    base = read.text_or_none("base", required=kind != AmendmentKind.INSERT)
    return None if kind == AmendmentKind.INSERT else base


def _wording_of(body: str, file: str, body_line: int, kind: AmendmentKind) -> str:
    """The proposed wording, the file's body; a deletion proposes none (its body is checked, not kept)."""
    try:
        wording = clean_text(body)
    except AccordError as exc:
        raise ImportFailed(file, body_line, exc.message, **exc.params) from None
    return "" if kind == AmendmentKind.DELETE else wording


def _draft_of(read: _Fields, mark: str, version: int | None, name: str) -> bool:
    """Whether the file is one of the committee's draft series (D3.md), which amends the working draft."""
    draft = mark == DRAFT_MARK
    if draft and version is not None:
        raise read.fail(
            "version", N_("{name} is an amendment to the working draft: its version is “draft”."), name=name
        )
    return draft


def _merged_into_of(read: _Fields) -> Numbered | None:
    """The compromise it was merged into, by its number (7) or its label (D3)."""
    into = read.meta.get("merged_into")
    if into is None:
        return None
    merged_into = parse_number(into, amendment=True) if isinstance(into, (int, str)) else None
    if merged_into is None:
        raise read.fail(
            "merged_into",
            N_("The field “{field}” names an amendment by its number (7) or its label (D3)."),
            field="merged_into",
        )
    return merged_into


def _check_amendment(item: AmendmentFile, read: _Fields, body_line: int) -> None:
    """What holds between its fields: a wording that changes its base, a merge that names its compromise, a
    decision that says when."""
    try:
        # Proposed in another language, it may change nothing in the source until rendered there: its own words
        # are its rendering "original", checked as such.
        if item.lang is None:
            Proposal(item.kind, item.base, item.text).check()
    except AccordError as exc:
        raise ImportFailed(read.file, body_line, exc.message, **exc.params) from None
    if item.status == Status.MERGED and item.merged_into is None:
        raise read.fail("merged_into", N_("A merged amendment names the amendment it was merged into (merged_into)."))
    if item.status != Status.OPEN and item.decided_at is None:
        raise read.fail("decided_at", N_("The field “{field}” is required."), field="decided_at")
