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
from typing import Any

from ..errors import N_, InvalidInput
from ..values import text_field
from ..vocabulary import parse_enum

CODE = re.compile(r"^[A-Z0-9](?:[A-Z0-9-]{0,14}[A-Z0-9])$")
MAX_NAME = 200


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
class DelegationFields:
    """A delegation as a form, a request or a file gives it, before it is checked against the process's
    languages (`DelegationDraft.build`). For a change, a field left None keeps what the delegation has."""

    code: str | None = None
    names: Mapping[str, Any] | None = None
    kind: str | None = None


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
