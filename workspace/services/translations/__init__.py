"""Trilingual texts: translations made from a source revision, their review, progress, editions, the glossary
and the terms proposed for it, the memory, search and replace in a language, and exchange with CAT tools (XLIFF)
and word processors (Markdown)."""

from .editions import edition, latest_progress, progress
from .editor import approve, list_translations, reject, save_from_editor, save_translation, since_seen
from .exchange import export_markdown, export_xliff, import_file, import_markdown, import_xliff
from .glossary import get_glossary, set_glossary
from .memory import memory
from .proposals import approve_proposal, list_proposals, propose_term, reject_proposal
from .replace import replace_in_translations
from .review import approve_many

__all__ = [
    "approve",
    "approve_many",
    "approve_proposal",
    "edition",
    "export_markdown",
    "export_xliff",
    "get_glossary",
    "import_file",
    "import_markdown",
    "import_xliff",
    "latest_progress",
    "list_proposals",
    "list_translations",
    "memory",
    "progress",
    "propose_term",
    "reject",
    "reject_proposal",
    "replace_in_translations",
    "save_from_editor",
    "save_translation",
    "set_glossary",
    "since_seen",
]
