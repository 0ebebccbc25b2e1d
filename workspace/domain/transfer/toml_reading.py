"""Every TOML file of a process folder (process.toml, delegations.toml, submissions.toml, brackets.toml) is read
here: a table of values, or an ImportFailed naming the file and the line; never another exception.

tomllib reads arrays and inline tables inside each other by recursion: a value nested some hundreds of levels deep
(`x = [[[[…`) is a RecursionError, which the command line printed as a traceback of thousands of lines. The depth it
fails at is Python's stack, not a number to name; where it failed is the reading position (`pos`, the name tomllib's
parsing functions give it) of the innermost of its frames in the error's traceback: its line, and the key whose value
that line belongs to, are named.
"""

from __future__ import annotations

import re
import tomllib
import traceback
from typing import Any

from ..errors import N_, ImportFailed

_AT_LINE = re.compile(r"at line (\d+)")
_KEY = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_ASSIGNED = re.compile(rf"^\s*({_DOTTED})\s*=")
_HEADER = re.compile(rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")


def read_toml(text: str, file: str) -> dict[str, Any]:
    """The TOML `text` of `file` (a byte order mark at its start is no part of it)."""
    text = text.removeprefix("\ufeff")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # `lineno` exists from Python 3.14; before, the line is only in the message.
        found = _AT_LINE.search(str(exc))
        line = getattr(exc, "lineno", None) or (int(found.group(1)) if found else 1)
        raise ImportFailed(file, line, N_("Not valid TOML: {problem}."), problem=str(exc)) from None
    except RecursionError as exc:
        lines = text.replace("\r\n", "\n").split("\n")  # as tomllib reads it, and counts its position
        line = "\n".join(lines).count("\n", 0, _failed_at(exc)) + 1
    key = _key_of(lines, line)
    if key:
        raise ImportFailed(
            file, line, N_("The value of “{key}” nests lists and tables too deeply to be read."), key=key
        )
    raise ImportFailed(file, line, N_("A value on this line nests lists and tables too deeply to be read."))


def _failed_at(exc: RecursionError) -> int:
    """The reading position of tomllib's innermost frame when it ran out of stack (0 if none says it)."""
    positions = [
        frame.f_locals["pos"]
        for frame, _ in traceback.walk_tb(exc.__traceback__)
        if frame.f_globals.get("__name__", "").startswith("tomllib") and isinstance(frame.f_locals.get("pos"), int)
    ]
    return positions[-1] if positions else 0


def _key_of(lines: list[str], line: int) -> str:
    """The key whose value holds line `line`: the nearest `key =` at or above it, in its table (`table.key`)."""
    for number in range(line - 1, -1, -1):
        if assigned := _ASSIGNED.match(lines[number]):
            table = next((h.group(1) for text in reversed(lines[:number]) if (h := _HEADER.match(text))), "")
            return f"{table}.{assigned.group(1)}" if table else assigned.group(1)
    return ""
