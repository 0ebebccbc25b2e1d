"""What a person asks, declared once: a command is the type the API decodes from JSON, a page decodes from its form
and the use case receives.

A command is a frozen, keyword-only msgspec Struct. Its fields' types say what JSON may hold (a wrong type is
refused by the decoder: 400 naming the field); their limits are declared beside them in `Annotated[...]`, twice in
one place: what the OpenAPI document says (`Meta`'s extra schema, which msgspec does not enforce) and the rule the
command applies when it is made (`Rule`), so that a wrong value gets the app's own 422 with its reason, in the
reader's language, and every way in (API, page, file) cleans text the same way (domain/values.py). Rules that join
fields are the command's own `check`.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import cache
from types import UnionType
from typing import Annotated, Any, ClassVar

import msgspec

from .errors import N_, Gather, InvalidInput
from .values import MAX_LABEL, MAX_LINE, MAX_TEXT, per_language, text_value
from .vocabulary import LANGUAGES

# What every text refuses (tests/unit/domain/test_values.py): C0 and C1 controls but tab and line feed, and the
# noncharacters a file cannot carry (lone surrogates too, which UTF-8 JSON cannot hold: left out of the class,
# where they make schemathesis generate the very characters refused). Required texts hold more than spaces.
_REFUSED = r"\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff"


def says(**schema: Any) -> msgspec.Meta:
    """What the OpenAPI document says of a field whose value the command checks itself (Litestar reads a Meta's
    `extra_json_schema["extra"]` into the field's schema; msgspec enforces none of it)."""
    return msgspec.Meta(extra_json_schema={"extra": schema})


def text_schema(limit: int, *, required: bool = False) -> dict[str, Any]:
    """What the schema says of a text checked by `Text(limit, required=…)`."""
    if required:
        return {"max_length": limit, "min_length": 1, "pattern": f"^[^{_REFUSED}]*[^{_REFUSED}\\s][^{_REFUSED}]*$"}
    return {"max_length": limit, "pattern": f"^[^{_REFUSED}]*$"}


class Rule:
    """A field's rule: the value it keeps (cleaned), or InvalidInput naming the field. None is never checked."""

    def __call__(self, value: Any, field: str) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Rule):
    """A text as Accord stores it (values.text_field): NFC, LF line ends, stripped, within `limit` characters."""

    limit: int = MAX_LINE
    required: bool = False

    def __call__(self, value: Any, field: str) -> Any:
        if isinstance(value, (list, tuple)):
            return type(value)(text_value(item, field, required=self.required, limit=self.limit) for item in value)
        return text_value(value, field, required=self.required, limit=self.limit)


@dataclass(frozen=True)
class Whole(Rule):
    """A whole number from `low` to `high`."""

    low: int
    high: int

    def __call__(self, value: Any, field: str) -> Any:
        if not self.low <= value <= self.high:
            if self.low == 0:
                raise InvalidInput(
                    N_("The field “{field}” must be a whole number from 0 to {limit}."),
                    field=field,
                    limit=self.high,
                    detail={"field": field},
                )
            raise InvalidInput(
                N_("The field “{field}” must be a whole number from {low} to {high}."),
                field=field,
                low=self.low,
                high=self.high,
                detail={"field": field},
            )
        return value


def text(limit: int, *, required: bool = False) -> tuple[msgspec.Meta, Text]:
    """The two declarations of a text field: `Annotated[str, *text(500)]` is not Python 3.11, so aliases below spell
    them out."""
    return says(**text_schema(limit, required=required)), Text(limit, required)


Line = Annotated[str, says(**text_schema(MAX_LINE)), Text(MAX_LINE)]
RequiredLine = Annotated[str, says(**text_schema(MAX_LINE, required=True)), Text(MAX_LINE, required=True)]
LongText = Annotated[str, says(**text_schema(MAX_TEXT)), Text(MAX_TEXT)]
RequiredText = Annotated[str, says(**text_schema(MAX_TEXT, required=True)), Text(MAX_TEXT, required=True)]
Name = Annotated[str, says(**text_schema(200)), Text(200)]
Label = Annotated[str, says(**text_schema(MAX_LABEL, required=True)), Text(MAX_LABEL, required=True)]
Note = Annotated[str, says(**text_schema(2000)), Text(2000)]
Revision = Annotated[str, says(**text_schema(64, required=True)), Text(64, required=True)]
"""The revision of a text the person saw: a write is made on it, 409 with the diff when it moved on."""
Option = Annotated[int, says(minimum=0, maximum=99), Whole(0, 99)]
"""An option of a bracket (0 is the first)."""
DELEGATION_CODE = "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,14}[A-Za-z0-9])$"
DelegationCode = Annotated[
    str, says(pattern=DELEGATION_CODE, description="ARG, G-77, EU … (stored in capitals)"), Text(16)
]
"""A delegation named by its code (stored in capitals; the process says whether it has one so named)."""


class Command(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a person asks of a use case. Made (decoded or built) only with its rules passed: every field's, all
    refused at once (the first leading), then the command's own `check`."""

    _rules: ClassVar[tuple[tuple[str, tuple[Rule, ...]], ...]]

    def __post_init__(self) -> None:
        errors = Gather()
        for name, rules in _rules_of(type(self)):
            value = getattr(self, name)
            if value is msgspec.UNSET or (
                value is None and (name in _may_be_none(type(self)) or not _requires_text(rules))
            ):
                continue  # none where the type allows it; a required text given none is refused as missing
            if isinstance(value, (list, tuple)) and name in _single_texts(type(self)):
                # A list where one text goes (front matter's "reason: [a, b]"): refused, not read as texts (a Text
                # rule maps over the items of a field that is a list) and stored as a list.
                errors.add(InvalidInput(N_("The field “{field}” must be text."), field=name, detail={"field": name}))
                continue
            kept = errors.check(lambda value=value, name=name, rules=rules: _apply(rules, value, name), value)  # type: ignore[misc]
            if kept is not value:
                msgspec.structs.force_setattr(self, name, kept)
        errors.done()
        self.check()

    def check(self) -> None:
        """The rules that join fields (InvalidInput naming the field to correct)."""


def _apply(rules: tuple[Rule, ...], value: Any, name: str) -> Any:
    for rule in rules:
        value = rule(value, name)
    return value


@cache
def _rules_of(kind: type[Command]) -> tuple[tuple[str, tuple[Rule, ...]], ...]:
    hints = typing.get_type_hints(kind, include_extras=True)
    found = []
    for name in kind.__struct_fields__:
        rules = _rules_in(hints[name])
        if rules:
            found.append((name, rules))
    return tuple(found)


@cache
def _may_be_none(kind: type[Command]) -> frozenset[str]:
    """The fields whose type admits None (`… | None`)."""
    hints = typing.get_type_hints(kind, include_extras=True)
    return frozenset(
        name
        for name in kind.__struct_fields__
        if typing.get_origin(hints[name]) in (typing.Union, UnionType) and type(None) in typing.get_args(hints[name])
    )


@cache
def _single_texts(kind: type[Command]) -> frozenset[str]:
    """The fields of one text (`Annotated[str, …]`, or it or None), not of a list of them."""
    hints = typing.get_type_hints(kind, include_extras=True)

    def one_text(hint: Any) -> bool:
        if typing.get_origin(hint) in (typing.Union, UnionType):
            return any(one_text(arg) for arg in typing.get_args(hint) if arg is not type(None))
        return typing.get_origin(hint) is Annotated and typing.get_args(hint)[0] is str

    return frozenset(name for name in kind.__struct_fields__ if one_text(hints[name]))


def _requires_text(rules: tuple[Rule, ...]) -> bool:
    return any(isinstance(rule, Text) and rule.required for rule in rules)


def _rules_in(hint: Any) -> tuple[Rule, ...]:
    """The rules of a field's type: `Annotated[str, …, Text(…)]`, the same or None, a list or tuple of them."""
    if typing.get_origin(hint) is Annotated:
        return tuple(m for m in hint.__metadata__ if isinstance(m, Rule))
    if typing.get_origin(hint) in (typing.Union, UnionType, list, tuple):
        for arm in typing.get_args(hint):
            if rules := _rules_in(arm):
                return rules
    return ()


@dataclass(frozen=True)
class PerLanguage(Rule):
    """A text per language (values.per_language): every key a language code (a misspelt one refused, naming
    "field.key"), each text within `limit`, the empty ones left out."""

    limit: int = MAX_LINE

    def __call__(self, value: Any, field: str) -> Any:
        return per_language(value, field, limit=self.limit)


def per_language_schema(limit: int) -> msgspec.Meta:
    """What the schema says of a text per language checked by `PerLanguage(limit)`."""
    item = {"maxLength": limit, "pattern": text_schema(limit)["pattern"]}
    return says(
        property_names={"type": "string", "enum": list(LANGUAGES)}, additional_properties={"type": "string", **item}
    )
