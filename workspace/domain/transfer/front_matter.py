"""The front matter of the process folder's Markdown files (YAML between `---` lines, then the body): split off
and read, the line of a key found to point at a faulty field, and written canonically, so that the same values
always give the same bytes. Every Markdown file of a process folder (sessions, recommendations, versions,
amendments, threads, statuses and publications, translations) reads and writes its front matter here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ..errors import N_, ImportFailed
from ..values import clean_file
from ..yaml_reading import entry_lines as mapping_entry_lines
from ..yaml_reading import read_mapping


def split_front_matter(text: str, file: str) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, line where the body starts); ImportFailed with the line if malformed."""
    text = clean_file(text.removeprefix("\ufeff").replace("\r\n", "\n"), file)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ImportFailed(file, 1, N_("The file must start with a front matter block between “---” lines."))
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ImportFailed(file, 1, N_("The front matter block is not closed by a “---” line.")) from None
    meta = read_mapping("\n".join(lines[1:end]), file, 2)
    body = "\n".join(lines[end + 1 :]).strip("\n")
    return meta, body, min(end + 2, len(lines))  # no body at all: the closing line


def line_of(text: str, key: str) -> int | None:
    """The line where `key:` is written in the front matter, to point at the faulty field."""
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.startswith((f"{key}:", f"{key} =")):
            return number
    return None


def refuse_unknown_keys(meta: Mapping[str, Any], allowed: tuple[str, ...], text: str, file: str) -> None:
    """ImportFailed at the line of the first key of the front matter that is not one of `allowed`."""
    for key in meta:
        if key not in allowed:
            raise ImportFailed(file, line_of(text, str(key)) or 1, N_("Unknown field “{key}”."), key=key)


def _yaml_value(value: Any) -> str:
    """JSON scalars and flow lists are valid YAML, and unambiguous (no Norway problem)."""
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(value, ensure_ascii=False))


# Characters YAML refuses raw (DEL, C1 controls, BOM, non-characters) or reads as line breaks
# (NEL, U+2028, U+2029) inside a quoted scalar: written as \u escapes, which YAML reads back.
# Noncharacters are YAML's to read, but the files' reader refuses them raw (values.clean_text), as every way in does.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufeff\ufffe\uffff]")


_PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _yaml_key(key: str) -> str:
    return key if _PLAIN_KEY.fullmatch(key) and key not in _YAML_WORDS else _yaml_value(key)


def _yaml_entry(key: str, value: Any, indent: int = 0) -> list[str]:
    """The lines of `key: value`. A mapping (a hash per eId) and a list of mappings (a thread's comments) are
    written in YAML's block style, an entry per line, so that no line holds more than one text and a diff
    of two exports names the entries that changed; scalars and plain lists stay JSON, as before."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        return [
            f"{pad}{_yaml_key(key)}:",
            *(line for k, v in value.items() for line in _yaml_entry(str(k), v, indent + 2)),
        ]
    if isinstance(value, list) and value and all(isinstance(item, dict) and item for item in value):
        lines = [f"{pad}{_yaml_key(key)}:"]
        for item in value:
            inner = [line for k, v in item.items() for line in _yaml_entry(str(k), v, indent + 4)]
            lines += [f"{pad}  - {inner[0][indent + 4 :]}", *inner[1:]]
        return lines
    return [f"{pad}{_yaml_key(key)}: {_yaml_value(value)}"]


# Plain words YAML reads as something else than a string (booleans, null): quoted when they are keys.
_YAML_WORDS = {
    "y",
    "Y",
    "yes",
    "Yes",
    "YES",
    "n",
    "N",
    "no",
    "No",
    "NO",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "FALSE",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
    "null",
    "Null",
    "NULL",
}


def front_matter(pairs: list[tuple[str, Any]], body: str) -> str:
    """Canonical front matter then body: the same values always give the same bytes."""
    head = "\n".join(line for key, value in pairs for line in _yaml_entry(key, value))
    return f"---\n{head}\n---\n{body}\n" if body else f"---\n{head}\n---\n"


def entry_lines(text: str, key: str) -> dict[str, int]:
    """The line of each entry of the mapping `key` of the front matter, by its key (as YAML reads it: a
    quoted key with escapes is found too); {} when the front matter is not YAML."""
    return {entry: line for entry, (line, _) in entry_field_lines(text, key).items()}


def entry_field_lines(text: str, key: str) -> dict[str, tuple[int, dict[str, int]]]:
    """`entry_lines`, each with the line of each of its fields when the entry is a mapping."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    end = (
        next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if lines[0].strip() == "---"
        else None
    )
    return mapping_entry_lines("\n".join(lines[1:end]), key, 2) if end else {}  # the front matter starts on line 2
