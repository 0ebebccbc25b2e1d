"""What the readers of a process folder share: a sub-folder's files listed in order, each file read with its name
and text, and a refusal that names the file and the line of the field at fault (a front matter's `key:`, a TOML
entry's `key =`); the checks every record makes against the rest of the folder (its paragraphs, versions, members
and delegations), refused with the same words wherever they are made."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ...domain.consultations.consultations import ProcessDraft
from ...domain.errors import N_, ImportFailed
from ...domain.transfer.draft_format import line_of
from ...domain.transfer.negotiation_format import key_line

Read = Callable[[Path, str], str]

NO_PARAGRAPH = N_("No paragraph “{eid}” in the declaration files.")
NO_VERSION = N_("No version “{ref}” in this process.")
NOT_A_MEMBER = N_("“{email}” is not a member of the process (process.toml).")
NOT_A_DELEGATION = N_("“{code}” is not a delegation of this process (delegations.toml).")
NOT_A_LANGUAGE = N_("“{language}” is not a language of this process.")


@dataclass(frozen=True)
class FolderFile:
    """A file of the folder as read: its name as refusals give it, and its text, where they find their lines."""

    name: str
    text: str

    def refusal(self, key: str, message: str, **params: object) -> ImportFailed:
        """`message` at the line where the field `key` is written (line 1 when it is not)."""
        return ImportFailed(self.name, line_of(self.text, key) or 1, message, **params)

    def entry_refusal(self, line: int, key: str, message: str, **params: object) -> ImportFailed:
        """`message` at the line of `key` in the TOML entry whose header is at `line` (that header when it lacks it)."""
        return ImportFailed(self.name, key_line(self.text, line, key), message, **params)


def listed(folder: Path, pattern: str = "*.md", order: Callable[[Path], tuple[int, str]] | None = None) -> list[Path]:
    """The files of `folder` matching `pattern`, by name (or by `order`); none when there is no such folder."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(pattern)) if order is None else sorted(folder.glob(pattern), key=order)


def read_file(path: Path, read: Read) -> FolderFile:
    """The file at `path`, read through the import's `read` (which refuses links, folders and oversized files)."""
    name = str(path)
    return FolderFile(name, read(path, name))


def source_first(process: ProcessDraft) -> list[str]:
    """The process's languages, its source first."""
    return [process.source_language, *(x for x in process.languages if x != process.source_language)]


def check_paragraphs(file: FolderFile, named: Iterable[tuple[str, str | None]], eids: set[str]) -> None:
    """Each (field, eId) names a paragraph of the declaration files."""
    for key, eid in named:
        if eid is not None and eid not in eids:
            raise file.refusal(key, NO_PARAGRAPH, eid=eid)


def check_version(file: FolderFile, version: int | None, versions: int) -> None:
    """The field `version` names one of the folder's `versions` circulated versions (None: the working draft)."""
    if version is not None and version > versions:
        raise file.refusal("version", NO_VERSION, ref=version)


def check_members(file: FolderFile, named: Iterable[tuple[str, str | None]], emails: set[str]) -> None:
    """Each (field, e-mail) names a member of process.toml (`emails`, in lower case), whatever its case."""
    for key, who in named:
        if who is not None and who.lower() not in emails:
            raise file.refusal(key, NOT_A_MEMBER, email=who)


def check_delegations(file: FolderFile, named: Iterable[tuple[str, str | None]], codes: set[str]) -> None:
    """Each (field, code) names a delegation of delegations.toml."""
    for key, code in named:
        if code is not None and code not in codes:
            raise file.refusal(key, NOT_A_DELEGATION, code=code)
