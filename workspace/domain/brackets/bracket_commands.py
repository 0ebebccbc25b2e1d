"""What a person asks of a bracket, checked before anything is read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import N_, InvalidInput
from ..values import text_field


def _option(value: Any, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 100:
        raise InvalidInput(
            N_("The field “{field}” must be a whole number from 0 to {limit}."),
            field=field,
            limit=99,
            detail={"field": field},
        )
    return value


@dataclass(frozen=True)
class ResolveBracket:
    """Agree on option `option` (0 is the first) or drop the bracket, on the paragraph's revision `base_revision`."""

    option: int | None
    drop: bool
    base_revision: str

    @classmethod
    def build(cls, option: Any = None, drop: Any = False, base_revision: Any = None) -> ResolveBracket:
        chosen = _option(option, "option")
        if (chosen is None) == (not drop):
            raise InvalidInput(
                N_("Say either the option agreed on (“option”) or that the bracket is dropped (“drop”), not both."),
                detail={"field": "option"},
            )
        revision = text_field({"base_revision": base_revision}, "base_revision", required=True, limit=64)
        return cls(chosen, bool(drop), revision)


@dataclass(frozen=True)
class MarkBracket:
    """The committee's word on an open bracket: the option the clean text takes (`leading`, None: the first) and the
    delegation that introduced it (its code, None: no one said)."""

    leading: int | None
    delegation: str | None

    @classmethod
    def build(cls, leading: Any = None, delegation: Any = None) -> MarkBracket:
        code = text_field({"delegation": delegation}, "delegation", limit=16) if delegation is not None else None
        return cls(_option(leading, "leading"), code or None)
