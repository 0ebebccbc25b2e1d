"""A delegation: who negotiates, named in each language of the process and by a short code.

The code is what people type and what addresses carry (`/delegations/ARG`): capital letters and digits, a
hyphen inside ("G-77", "EU", "CGLU-AFR"), two to sixteen characters, stored in capitals whatever was typed.
A name is required in the process's source language; the other languages may wait for theirs (a reader then
sees the source name)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from ..errors import N_, InvalidInput
from ..inputs import DELEGATION_CODE, Command, DelegationCode, Rule, Text, says, text_schema
from ..values import text_field
from ..vocabulary import LANGUAGES, parse_enum

CODE = re.compile(r"^[A-Z0-9](?:[A-Z0-9-]{0,14}[A-Z0-9])$")
MAX_NAME = 200
MAX_AUTHOR = 200  # a Word author's name (w:author)


class DelegationKind(StrEnum):
    MEMBER_STATE = "member_state"
    CITY = "city"  # a city or another local government
    REGION = "region"
    NETWORK = "network"
    ORGANISATION = "organisation"
    GROUP = "group"  # a group of delegations negotiating together: G-77, the EU …


def parse_code(value: str) -> str:
    """A delegation code in capitals, or InvalidInput naming what was typed."""
    code = (value or "").strip().upper()
    if not CODE.match(code):
        raise InvalidInput(
            N_(
                "“{code}” is not a delegation code: two to sixteen capital letters or digits, a hyphen inside "
                "(e.g. ARG, G-77, EU)."
            ),
            code=value,
            detail={"field": "code"},
        )
    return code


def delegation_code(value: str) -> str:
    """A request's `delegation` field: a code in capitals, or InvalidInput naming the field."""
    try:
        return parse_code(value)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, code=value, detail={"field": "delegation"}) from None


@dataclass(frozen=True)
class Code(Rule):
    """A delegation's code, kept in capitals (parse_code)."""

    def __call__(self, value: Any, field: str) -> Any:
        return parse_code(value)


CodeField = Annotated[str, says(pattern=DELEGATION_CODE, description="ARG, G-77, EU … (stored in capitals)"), Code()]
"""A delegation's code as a request gives it (any case), refused unless it is one."""
Names = Annotated[
    dict[str, str],
    says(
        property_names={"type": "string", "enum": list(LANGUAGES)},
        additional_properties={"type": "string", "maxLength": MAX_NAME, "pattern": text_schema(MAX_NAME)["pattern"]},
        description="The delegation's name in each language of the process; the source language's is required.",
    ),
]
"""Checked against the process's languages by `DelegationDraft.build`."""
KindName = Annotated[str, says(enum=[kind.value for kind in DelegationKind])]


class ChangeDelegation(Command, frozen=True):
    """What changes: a new `code` renames the delegation; a field left out stays as it is."""

    code: CodeField | None = None
    names: Names | None = None
    # A field's schema is said beside the union with null, not inside its arm: null is one of its values.
    kind: Annotated[str, says(enum=[*(kind.value for kind in DelegationKind), None])] | None = None


class AddDelegation(ChangeDelegation, frozen=True):
    """A new delegation: its code, its names (the source language's required), its kind."""

    code: CodeField
    names: Names
    kind: KindName = DelegationKind.MEMBER_STATE.value


class MergeDelegation(Command, frozen=True):
    """`into`: the delegation that takes over what this one did."""

    into: CodeField


class MapWordAuthor(Command, frozen=True):
    """Which delegation a Word author (`author`, as Word writes it: w:author) is; `delegation` null: forget the
    author."""

    author: Annotated[str, says(**text_schema(MAX_AUTHOR, required=True)), Text(MAX_AUTHOR, required=True)]
    delegation: DelegationCode | None


@dataclass(frozen=True)
class DelegationDraft:
    """A delegation as the committee gives it: code, names by language, kind."""

    code: str
    names: dict[str, str]
    kind: str

    @classmethod
    def build(
        cls, *, code: str | None, names: Mapping[str, Any] | None, kind: str | None, languages: Sequence[str]
    ) -> DelegationDraft:
        """`languages`: the process's, its source language first (the one a name is required in)."""
        parsed = parse_code(str(code or ""))
        given = dict(names or {})
        for lang in given:
            if lang not in languages:
                raise InvalidInput(
                    N_("“{code}” is not a language of this process."), code=lang, detail={"field": f"names.{lang}"}
                )
        cleaned = {}
        for lang in languages:
            name = text_field(given, lang, limit=MAX_NAME)
            if name:
                cleaned[lang] = name
        if languages[0] not in cleaned:
            raise InvalidInput(
                N_("A delegation needs its name in the source language of the process."),
                detail={"field": f"names.{languages[0]}"},
            )
        return cls(
            code=parsed,
            names=cleaned,
            kind=parse_enum(DelegationKind, str(kind or DelegationKind.MEMBER_STATE), "kind").value,
        )


def name_in(names: Mapping[str, str], language: str, source: str) -> str:
    """The delegation's name in `language`, else in the source language."""
    return names.get(language) or names.get(source) or next(iter(names.values()), "")
