"""What people ask of amendments, declared once: each command is the type the API decodes from JSON, the pages
decode from their forms and the use case receives (domain/inputs.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

import msgspec

from ..declaration.declaration_format import check_text
from ..declaration.document import EID, Kind, parse_eid
from ..errors import N_, NN_, InvalidInput
from ..inputs import DELEGATION_CODE, Command, LongText, Note, RequiredText, Rule, Text, says, text_schema
from ..labels import DECISIONS
from ..series import AMENDMENT_MARK, AMENDMENT_PATTERN, MAX_NUMBER, Numbered, parse_number, parse_ref
from ..values import MAX_LABEL, MAX_TEXT, named, parse_email, parse_moment, text_value
from ..vocabulary import LANGUAGES, parse_enum
from .amendments import AmendmentKind, Decision
from .negotiation import NegotiationStatus
from .votes import RoomVote, Vote


@dataclass(frozen=True)
class Choice(Rule):
    """One of an enumeration's values, as typed (any case, spaces around): kept as the enumeration's member; empty
    is none where `empty` says so."""

    kind: type[StrEnum]
    empty: bool = False

    def __call__(self, value: Any, field: str) -> Any:
        if self.empty and not value:
            return None
        return self.kind(parse_enum(self.kind, value, field).value)


@dataclass(frozen=True)
class Paragraph(Rule):
    """A paragraph's identifier (op_12)."""

    def __call__(self, value: Any, field: str) -> Any:
        return parse_eid(value.strip())


@dataclass(frozen=True)
class Wording(Rule):
    """An amendment's words, as an operative paragraph of the declaration's file may hold them."""

    def __call__(self, value: Any, field: str) -> Any:
        if value:
            check_text(Kind.OPERATIVE, value)
        return value


@dataclass(frozen=True)
class Optional(Rule):
    """Empty is none."""

    def __call__(self, value: Any, field: str) -> Any:
        return value or None


@dataclass(frozen=True)
class Lower(Rule):
    """Kept in small letters, empty as none."""

    def __call__(self, value: Any, field: str) -> Any:
        return value.lower() or None


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
class Refs(Rule):
    """Amendments named by their numbers or labels (amendment_ref), refused under the name `field`."""

    field: str

    def __call__(self, value: Any, field: str) -> Any:
        for each in value if isinstance(value, (list, tuple)) else [value]:
            amendment_ref(each, self.field)
        return value


NUMBER = [{"type": "integer", "minimum": 1, "maximum": MAX_NUMBER}, {"type": "string", "pattern": AMENDMENT_PATTERN}]
AmendmentNumber = Annotated[int | str, says(one_of=NUMBER)]
"""An amendment named in a body: its number (7), or its label ("A7"; "D3": the committee's on the working draft)."""
Version = Annotated[str, says(**text_schema(MAX_LABEL, required=True))]
"""A version named by its number, its label, or `draft` (the use case finds it)."""
Delegation = Annotated[str, says(pattern=DELEGATION_CODE, description="ARG, G-77, EU … (stored in capitals)")]
"""A delegation named by its code (the process says whether it has one so named)."""
Words = Annotated[str, says(**text_schema(MAX_TEXT)), Text(MAX_TEXT), Wording()]
RequiredWords = Annotated[str, says(**text_schema(MAX_TEXT, required=True)), Text(MAX_TEXT, required=True), Wording()]
ChangeKind = Annotated[str, says(enum=[kind.value for kind in AmendmentKind]), Choice(AmendmentKind)]
ParagraphKind = Annotated[str, says(enum=[*(kind.value for kind in Kind), None]), Choice(Kind, empty=True)]
"""What an inserted paragraph is (null: operative); the enumeration says null as the field may be."""
DecisionName = Annotated[str, says(enum=[decision.value for decision in Decision]), Choice(Decision)]
StatusName = Annotated[str, says(enum=[status.value for status in NegotiationStatus]), Choice(NegotiationStatus)]


class ProposeAmendment(Command, frozen=True):
    """Propose a change of paragraph `eid` of `version` (a number, a label, or `draft` for the committee): `modify`
    (the new `text`), `insert` (a new paragraph after `eid`, of `paragraph_kind`: heading, preambular or operative,
    the default) or `delete`. `delegation`: filed on its behalf (the proposer's own delegation when left out); `lang`:
    the edition the text is written in (default: the source language)."""

    version: Annotated[str, says(**text_schema(MAX_LABEL, required=True)), Text(100, required=True)]
    eid: Annotated[str, says(pattern=EID.pattern), Paragraph()]
    kind: ChangeKind
    text: LongText = ""
    rationale: LongText = ""
    paragraph_kind: ParagraphKind | None = None
    delegation: Annotated[Delegation, Text(40), Optional()] | None = None
    lang: Annotated[str, says(enum=[*LANGUAGES, None]), Text(8), Lower()] | None = None

    @property
    def new_kind(self) -> Kind:
        """What an inserted paragraph is (operative unless said)."""
        return Kind(self.paragraph_kind or Kind.OPERATIVE)

    def check(self) -> None:
        if self.kind == AmendmentKind.DELETE:
            _keep(self, "text", "")  # a deletion has no words
            return
        text = text_value(self.text, "text", required=True, limit=MAX_TEXT)
        check_text(self.new_kind if self.kind == AmendmentKind.INSERT else Kind.OPERATIVE, text)


def _keep(command: Command, field: str, value: Any) -> None:
    msgspec.structs.force_setattr(command, field, value)


class EditAmendment(Command, frozen=True):
    """Its proposer rewords it (`text`) or its rationale while it is open; a field left out stays as it is. On
    refreshing, `text` is needed when its words changed."""

    text: Words | None = None
    rationale: LongText | None = None


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


class DecideAmendment(Command, frozen=True):
    """`accepted` (applied to the working draft), `accepted_as_modified` (with the committee's wording, `text`),
    `rejected` or `moot`, always with a `reason`. `vote`: when the room voted, the decision must be what the vote
    said."""

    decision: DecisionName
    reason: RequiredText
    text: Words | None = None
    vote: RoomVote | None = None

    @property
    def counted(self) -> Vote | None:
        """The room's vote it was decided by, if it voted."""
        return self.vote.counted() if self.vote is not None else None

    def check(self) -> None:
        decision = Decision(self.decision)
        if decision != Decision.ACCEPTED_AS_MODIFIED:
            _keep(self, "text", None)  # the committee's wording is only for "accepted as modified"
        elif not self.text:
            raise InvalidInput(
                N_("Accepting as modified needs the committee's wording (text)."), detail={"field": "text"}
            )
        vote = self.counted
        if vote is not None:
            _agrees(decision, vote)


@dataclass(frozen=True)
class AtLeastTwo(Rule):
    """Amendments merged: at least two of them (each named once)."""

    def __call__(self, value: Any, field: str) -> Any:
        if len({amendment_ref(n, field) for n in value}) < 2:
            raise InvalidInput(N_("A compromise merges at least two amendments."), detail={"field": field})
        return value


class Compromise(Command, frozen=True):
    """Merge open amendments to one paragraph (`amendments`: 7, "A7" or "D3") into one wording, applied to the
    working draft, with the `reason` (every decision says why): the compromise is one of the committee's amendments
    to the working draft (D…)."""

    amendments: Annotated[list[int | str], says(min_items=2, items={"oneOf": NUMBER}), Refs("amendments"), AtLeastTwo()]
    text: RequiredWords
    reason: RequiredText

    @property
    def numbers(self) -> tuple[Numbered, ...]:
        """The amendments merged, each once, in the order given."""
        return tuple(dict.fromkeys(amendment_ref(n, "amendments") for n in self.amendments))


class SetParagraphStatus(Command, frozen=True):
    """open, agreed_ad_ref, agreed (in plenary), bracketed, pending, agreed_informals or reopened, with a note."""

    status: StatusName
    note: Note = ""


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
class Paragraphs(Rule):
    """Paragraphs for a bulk step (bulk_eids): kept each once, in the order given."""

    def __call__(self, value: Any, field: str) -> Any:
        return list(bulk_eids(value, field))


class SetParagraphStatuses(Command, frozen=True):
    """One status (and note) for many paragraphs (`eids`): all of them, or none if one is unknown (404)."""

    eids: Annotated[
        list[str], says(min_items=1, max_items=MAX_BULK, items={"type": "string", "pattern": EID.pattern}), Paragraphs()
    ]
    status: StatusName
    note: Note = ""


class DecisionInList(DecideAmendment, frozen=True, kw_only=True):
    """A decision of a voting list, on amendment `number` (7, "A7" or "D3")."""

    number: Annotated[AmendmentNumber, Refs("decisions")]

    @property
    def ref(self) -> Numbered:
        return amendment_ref(self.number, "decisions")


@dataclass(frozen=True)
class VotingList(Rule):
    """A voting list: not empty, at most MAX_BULK decisions, each amendment once."""

    def __call__(self, value: Any, field: str) -> Any:
        if not value:
            raise InvalidInput(N_("The list of decisions is empty."), detail={"field": "decisions"})
        if len(value) > MAX_BULK:
            raise InvalidInput(
                NN_("At most {limit} decision at once.", "At most {limit} decisions at once.", "limit"),
                limit=MAX_BULK,
                detail={"field": "decisions"},
            )
        twice = sorted(n for n, times in Counter(d.ref for d in value).items() if times > 1)
        if twice:
            label = twice[0].label(AMENDMENT_MARK)
            raise InvalidInput(
                N_("Amendment {label} is decided twice in the list."),
                label=label,
                detail={"field": "decisions", "number": twice[0].number, "label": label},
            )
        return value


class DecideInOrder(Command, frozen=True):
    """A voting list: each decision (`number`: 7, "A7" or "D3"; `decision`, `reason`, `text` for
    `accepted_as_modified`, `vote` when the room voted) taken in this order, all or none."""

    decisions: Annotated[list[DecisionInList], says(min_items=1, max_items=MAX_BULK), VotingList()]


class CosponsorAs(Command, frozen=True):
    """On behalf of `delegation` (the caller's own delegation when left out)."""

    delegation: Delegation | None = None


class SetDeadline(Command, frozen=True):
    """After `deadline` only the committee files amendments against the version (ISO 8601; without an offset, in the
    process's time zone)."""

    deadline: str

    def at(self, zone: str) -> datetime:
        """The moment, read in the process's time zone `zone` where it says none."""
        return parse_moment(self.deadline, "deadline", zone)


class StartSilence(Command, frozen=True):
    """Put `version` under silence until `deadline` (as SetDeadline's): adopted then, unless someone objects."""

    version: Version
    deadline: str

    def at(self, zone: str) -> datetime:
        return parse_moment(self.deadline, "deadline", zone)


class Objection(Command, frozen=True):
    """A written objection: it breaks the silence."""

    text: RequiredText


def _delegation(value: str | None) -> str | None:
    """An optional `delegation` field as typed (its code is checked against the process's delegations)."""
    return text_value(value, "delegation", limit=40) or None


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
        name = text_value(filename or "amendments.docx", "filename", limit=200)
        # The member filed for, by their address as accounts keep it (NFKC, lower case, the domain as IDNA writes it).
        behalf = text_value(on_behalf_of, "on_behalf_of", limit=254)
        return cls(
            text_value(version, "version", required=True, limit=100),
            data,
            name,
            bool(preview),
            named("on_behalf_of", lambda: parse_email(behalf)) if behalf else None,
            frozenset(k.strip() for k in keys if k.strip()),
            _delegation(delegation),
        )
