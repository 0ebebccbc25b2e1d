"""Footnotes in a declaration file: a definition (`[^1]: …`) is the note of the paragraph that refers to it.

Kramdown, Pandoc and the converters from Word write a footnote's definition as a paragraph of its own, most often at
the end of the document. CommonMark has no footnotes: it reads such a paragraph as text (and a note of one word as a
link reference definition), so the note stood in the text as a paragraph of words. Accord keeps a paragraph's notes
in its own text, after an empty line, as it keeps its link reference definitions (document.split_definitions), and
the declaration file writes them right after it. So a definition read here goes to the first paragraph that refers
to its marker, else (a note that nothing refers to) to the paragraph before it, as a link definition does; the file
written back reads the same. A paragraph of notes that carries an eId is Accord's own (a paragraph of notes the
editor made): it stays a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..markdown import FileBlock
from .document import ImportedBlock, split_definitions
from .file_lines import FENCE

_ENTRY = re.compile(r"^ {0,3}\[([^\]\n]+)\]:")
_NOTE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*")


@dataclass(frozen=True)
class Note:
    """One footnote's definition as the file gives it: the line it starts on (1-based), its label, and its words on
    one line (a note's lines are one paragraph: joined with a space, as a reader sees them)."""

    line: int
    label: str
    words: str

    @property
    def definition(self) -> str:
        return f"[^{self.label}]: {self.words}"


def starts_a_note(lines: Sequence[str]) -> bool:
    """Whether the first line with words is a footnote's definition."""
    return _NOTE.match(next((line for line in lines if line.strip()), "")) is not None


def read_notes(lines: Sequence[str], first: int) -> tuple[list[Note], list[str]]:
    """The notes among lines read as one block (a paragraph of notes, or the lines CommonMark took as link reference
    definitions) starting on line `first`, and the lines of the other definitions. A line that starts no definition
    continues the one before it."""
    entries: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        if _ENTRY.match(line) or not entries:
            entries.append((number, [line.strip()]))
        else:
            entries[-1][1].append(line.strip())
    notes: list[Note] = []
    links: list[str] = []
    for number, parts in entries:
        found = _NOTE.match(parts[0])
        if found is None:
            links.extend(parts)
        else:
            notes.append(Note(number, found.group(1), " ".join([parts[0][found.end() :], *parts[1:]]).strip()))
    return notes, links


@dataclass
class NoteReader:
    """The footnotes of a file, read block by block in the file's order."""

    notes: list[Note] = field(default_factory=list)
    after: int = -1  # the line after the last note read, while no other block came after it

    def read(self, lines: list[str], raw: FileBlock) -> list[str]:
        """The notes of a block's lines (see read_notes) kept; the lines of the other definitions among them."""
        found, others = read_notes(lines, raw.start + 1)
        self.notes.extend(found)
        self.after = raw.end if found else -1
        return others

    def continued(self, raw: FileBlock, chunk: list[str], lines: list[str]) -> bool:
        """Whether `raw` is an indented block right under the last note (blank lines between them only): more of it,
        as Pandoc and Kramdown read it, where CommonMark reads code. Its lines are added to the note's words."""
        after, self.after = self.after, -1
        if not (
            raw.type == "code"
            and chunk
            and 0 <= after <= raw.start
            and not FENCE.match(chunk[0].strip())
            and not any(line.strip() for line in lines[after : raw.start])
        ):
            return False
        last = self.notes[-1]
        self.notes[-1] = replace(last, words=" ".join([last.words, *(line.strip() for line in chunk)]).strip())
        self.after = raw.end
        return True


def with_notes(blocks: list[ImportedBlock], notes: Sequence[Note]) -> tuple[list[ImportedBlock], list[Note]]:
    """The paragraphs, each note put in the text of the first one that refers to it (else of the paragraph before it,
    else the first), and the notes that no paragraph refers to."""
    out = list(blocks)
    unreferenced: list[Note] = []
    for note in notes:
        marker = f"[^{note.label}]"
        at = next((k for k, b in enumerate(out) if _refers(split_definitions(b.text)[0], marker)), None)
        if at is None:
            unreferenced.append(note)
            at = max([k for k, b in enumerate(out) if b.line < note.line] or [0])
        body, definitions = split_definitions(out[at].text)
        both = f"{definitions}\n{note.definition}" if definitions else note.definition
        out[at] = replace(out[at], text=f"{body}\n\n{both}")
    return out, unreferenced


def _refers(text: str, marker: str) -> bool:
    """Whether `text` holds the footnote marker (not a definition of it)."""
    start = text.find(marker)
    while start != -1:
        if not text.startswith(":", start + len(marker)):
            return True
        start = text.find(marker, start + 1)
    return False
