"""What people ask of amendments, validated once where the request comes in."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from ..declaration.declaration_format import check_text
from ..declaration.document import Kind, parse_eid
from ..errors import N_, NN_, InvalidInput
from ..labels import DECISIONS
from ..series import AMENDMENT_MARK, Numbered, parse_number, parse_ref
from ..values import MAX_TEXT, parse_moment, text_field
from ..vocabulary import parse_enum
from .amendments import AmendmentKind, Decision
from .negotiation import NegotiationStatus
from .votes import Vote


def _text(value: str | None, kind: Kind, required: bool) -> str:
    text = text_field({"text": value}, "text", required=required, limit=MAX_TEXT)
    if text:
        check_text(kind, text)
    return text


def _reason(value: str | None) -> str:
    return text_field({"reason": value}, "reason", required=True, limit=MAX_TEXT)


def _delegation(value: str | None) -> str | None:
    """An optional `delegation` field as typed (its code is checked against the process's delegations)."""
    return text_field({"delegation": value}, "delegation", limit=40) or None


@dataclass(frozen=True)
class ProposeAmendment:
    version: str  # a number, a label, or "draft"
    eid: str  # the paragraph it changes; for an insert, the one it goes after
    kind: AmendmentKind
    text: str
    rationale: str = ""
    paragraph_kind: Kind = Kind.OPERATIVE  # an insert: what the new paragraph is
    delegation: str | None = None  # on behalf of this delegation (its code); None: the proposer's own, if any
    lang: str | None = None  # the edition it is written in (None: the source language); checked by the process's

    @classmethod
    def build(
        cls,
        version: str,
        eid: str,
        kind: str,
        text: str | None = None,
        rationale: str = "",
        paragraph_kind: str | None = None,
        delegation: str | None = None,
        lang: str | None = None,
    ) -> ProposeAmendment:
        parsed = AmendmentKind(parse_enum(AmendmentKind, kind, "kind").value)
        new_kind = Kind(parse_enum(Kind, paragraph_kind, "paragraph_kind").value) if paragraph_kind else Kind.OPERATIVE
        body = (
            ""
            if parsed == AmendmentKind.DELETE
            else _text(text, new_kind if parsed == AmendmentKind.INSERT else Kind.OPERATIVE, True)
        )
        return cls(
            text_field({"version": version}, "version", required=True, limit=100),
            parse_eid((eid or "").strip()),
            parsed,
            body,
            text_field({"rationale": rationale}, "rationale", limit=MAX_TEXT),
            new_kind,
            _delegation(delegation),
            (text_field({"lang": lang}, "lang", limit=8) or "").lower() or None,
        )


@dataclass(frozen=True)
class EditAmendment:
    text: str | None = None  # None: keep
    rationale: str | None = None

    @classmethod
    def build(cls, text: str | None = None, rationale: str | None = None) -> EditAmendment:
        return cls(
            None if text is None else _text(text, Kind.OPERATIVE, False),
            None if rationale is None else text_field({"rationale": rationale}, "rationale", limit=MAX_TEXT),
        )


@dataclass(frozen=True)
class DecideAmendment:
    decision: Decision
    reason: str
    text: str | None = None  # the committee's wording, for "accepted as modified"
    vote: Vote | None = None  # the room's vote it was decided by, if it voted

    @classmethod
    def build(
        cls, decision: str, reason: str | None, text: str | None = None, vote: Vote | None = None
    ) -> DecideAmendment:
        parsed = Decision(parse_enum(Decision, decision, "decision").value)
        wording = _text(text, Kind.OPERATIVE, False) or None
        if parsed == Decision.ACCEPTED_AS_MODIFIED and not wording:
            raise InvalidInput(
                N_("Accepting as modified needs the committee's wording (text)."), detail={"field": "text"}
            )
        if vote is not None:
            _agrees(parsed, vote)
        return cls(parsed, _reason(reason), wording if parsed == Decision.ACCEPTED_AS_MODIFIED else None, vote)


def _agrees(decision: Decision, vote: Vote) -> None:
    """A decision recorded with a vote says what the vote said: accepted if it carried, rejected if not."""
    if decision == Decision.MOOT:
        raise InvalidInput(N_("A moot amendment is not voted on: leave the vote out."), detail={"field": "vote"})
    accepted = decision in (Decision.ACCEPTED, Decision.ACCEPTED_AS_MODIFIED)
    if accepted != vote.carried:
        raise InvalidInput(
            N_("The vote carried ({yes} for, {no} against): the decision cannot be “{decision}”.")
            if vote.carried
            else N_("The vote did not carry ({yes} for, {no} against): the decision cannot be “{decision}”."),
            yes=vote.yes,
            no=vote.no,
            decision=DECISIONS[decision.value],
            detail={"field": "vote"},
        )


def amendment_ref(value: int | str, field: str) -> Numbered:
    """An amendment named in a request: 7, "A7", or "D3" (the committee's draft series). A label's form naming no
    number that can exist ("A0") is read: it is not found, as any other unknown amendment."""
    found = parse_ref(value, amendment=True) if isinstance(value, str) else parse_number(value)
    if found is None:
        raise InvalidInput(
            N_("“{value}” names no amendment: give its number (7), or its label (A7, D3)."),
            value=value,
            detail={"field": field},
        )
    return found


@dataclass(frozen=True)
class Compromise:
    amendments: tuple[Numbered, ...]
    text: str
    reason: str

    @classmethod
    def build(
        cls, amendments: list[int | str] | tuple[int | str, ...], text: str | None, reason: str | None
    ) -> Compromise:
        numbers = tuple(dict.fromkeys(amendment_ref(n, "amendments") for n in amendments or ()))
        if len(numbers) < 2:
            raise InvalidInput(N_("A compromise merges at least two amendments."), detail={"field": "amendments"})
        return cls(numbers, _text(text, Kind.OPERATIVE, True), _reason(reason))


@dataclass(frozen=True)
class SetParagraphStatus:
    status: NegotiationStatus
    note: str = ""

    @classmethod
    def build(cls, status: str, note: str = "") -> SetParagraphStatus:
        return cls(
            NegotiationStatus(parse_enum(NegotiationStatus, status, "status").value),
            text_field({"note": note}, "note", limit=2000),
        )


MAX_BULK = 5_000
"""Paragraphs or decisions one bulk step may name: a whole long text, and a bound on one transaction."""


def bulk_eids(values: list[str] | tuple[str, ...] | None, field: str = "eids") -> tuple[str, ...]:
    """Paragraph identifiers for a bulk step: at least one, each valid, in the order given, each once."""
    eids = tuple(dict.fromkeys(parse_eid((v or "").strip()) for v in values or ()))
    if not eids:
        raise InvalidInput(N_("Choose at least one paragraph ({field})."), field=field, detail={"field": field})
    if len(eids) > MAX_BULK:
        raise InvalidInput(
            NN_(
                "At most {limit} paragraph at once ({field}).", "At most {limit} paragraphs at once ({field}).", "limit"
            ),
            field=field,
            limit=MAX_BULK,
            detail={"field": field},
        )
    return eids


@dataclass(frozen=True)
class SetParagraphStatuses:
    """One status and note for many paragraphs at once (all or none)."""

    eids: tuple[str, ...]
    status: SetParagraphStatus

    @classmethod
    def build(cls, eids: list[str] | None, status: str, note: str = "") -> SetParagraphStatuses:
        return cls(bulk_eids(eids), SetParagraphStatus.build(status, note))


@dataclass(frozen=True)
class DecideInOrder:
    """A voting list: decisions on amendments taken in this order, all or none (each with its reason)."""

    decisions: tuple[tuple[Numbered, DecideAmendment], ...]

    @classmethod
    def build(
        cls,
        decisions: list[tuple[int | str, str, str | None, str | None]] | None,
        votes: list[Vote | None] | None = None,
    ) -> DecideInOrder:
        items = list(decisions or ())
        if not items:
            raise InvalidInput(N_("The list of decisions is empty."), detail={"field": "decisions"})
        if len(items) > MAX_BULK:
            raise InvalidInput(
                NN_("At most {limit} decision at once.", "At most {limit} decisions at once.", "limit"),
                limit=MAX_BULK,
                detail={"field": "decisions"},
            )
        refs = [amendment_ref(number, "decisions") for number, *_ in items]
        twice = sorted(n for n, times in Counter(refs).items() if times > 1)
        if twice:
            label = twice[0].label(AMENDMENT_MARK)
            raise InvalidInput(
                N_("Amendment {label} is decided twice in the list."),
                label=label,
                detail={"field": "decisions", "number": twice[0].number, "label": label},
            )
        cast = list(votes) if votes is not None else [None] * len(items)
        return cls(
            tuple(
                (ref, DecideAmendment.build(decision, reason, text, vote))
                for ref, (_, decision, reason, text), vote in zip(refs, items, cast, strict=True)
            )
        )


@dataclass(frozen=True)
class Deadline:
    """A moment in the process's time zone (ISO 8601; without an offset, read in that zone)."""

    at: datetime

    @classmethod
    def build(cls, value: str, zone: str) -> Deadline:
        return cls(parse_moment(value, "deadline", zone))


@dataclass(frozen=True)
class Objection:
    text: str

    @classmethod
    def build(cls, text: str | None) -> Objection:
        return cls(text_field({"text": text}, "text", required=True, limit=MAX_TEXT))


@dataclass(frozen=True)
class ImportWord:
    """A Word file's tracked changes and comments, to file as amendments and threads on a version."""

    version: str  # a number, a label, or "draft"
    data: bytes
    filename: str
    preview: bool = True
    on_behalf_of: str | None = None  # the member's e-mail, when the committee files for them
    skip: frozenset[str] = frozenset()  # the places in the file to leave out ("p12", "c3"), as the preview names them
    delegation: str | None = None  # every change on behalf of this delegation (its code); None: by Word author

    @classmethod
    def build(
        cls,
        version: str | None,
        data: bytes,
        filename: str | None = None,
        preview: bool = True,
        on_behalf_of: str | None = None,
        skip: str | list[str] | None = None,
        delegation: str | None = None,
    ) -> ImportWord:
        keys = skip.split(",") if isinstance(skip, str) else (skip or [])
        name = text_field({"filename": filename or "amendments.docx"}, "filename", limit=200)
        behalf = text_field({"on_behalf_of": on_behalf_of}, "on_behalf_of", limit=254).lower() or None
        return cls(
            text_field({"version": version}, "version", required=True, limit=100),
            data,
            name,
            bool(preview),
            behalf,
            frozenset(k.strip() for k in keys if k.strip()),
            _delegation(delegation),
        )
