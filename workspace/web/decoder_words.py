"""What the JSON decoder (msgspec) and Litestar's parameter parsing say of a malformed request, in the reader's
language: their messages are English sentences from a small fixed set, each put here in our words (a message of
another shape is left as they wrote it). The field names and the JSON type names stay as sent."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..domain.errors import N_
from ..i18n import gettext as _

JSON_TYPES = {
    "str": N_("text"),
    "int": N_("a whole number"),
    "float": N_("a number"),
    "bool": N_("true or false"),
    "object": N_("an object"),
    "array": N_("a list"),
    "null": N_("nothing (null)"),
}

_AT = r"(?: - at `(?P<at>[^`]+)`)?$"


def _type(name: str) -> str:
    return _(JSON_TYPES[name]) if name in JSON_TYPES else f"`{name}`"


def _expected(found: re.Match[str]) -> str:
    return _(N_("Expected %(expected)s, got %(got)s."), expected=_type(found["expected"]), got=_type(found["got"]))


_SAID: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^Expected `(?P<expected>[^`]+)`, got `(?P<got>[^`]+)`" + _AT), _expected),
    (
        re.compile(r"^Object missing required field `(?P<field>[^`]+)`" + _AT),
        lambda m: _(N_("The field “%(field)s” is missing."), field=m["field"]),
    ),
    (
        re.compile(r"^Object contains unknown field `(?P<field>[^`]+)`" + _AT),
        lambda m: _(N_("This request takes no field “%(field)s”."), field=m["field"]),
    ),
    (re.compile(r"^Input data was truncated$"), lambda m: _(N_("The JSON body ends too soon."))),
    (
        re.compile(r"^JSON is malformed: .*\(byte (?P<byte>\d+)\)$"),
        lambda m: _(N_("The body is not valid JSON (at byte %(byte)s)."), byte=m["byte"]),
    ),
    (
        re.compile(r"^Missing required (?:\w+ )?parameter '(?P<name>[^']+)'"),
        lambda m: _(N_("The parameter “%(name)s” is required."), name=m["name"]),
    ),
]


def in_words(message: str) -> str:
    """The decoder's `message` in the reader's language, and where in the body it was (`$.terms[0]`), if it says."""
    for pattern, say in _SAID:
        if found := pattern.match(message):
            at = found.groupdict().get("at")
            return f"{say(found)} ({at})" if at else say(found)
    return message
