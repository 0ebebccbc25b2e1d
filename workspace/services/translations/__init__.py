"""Trilingual texts: translations made from a source revision, their review, progress, editions,
the glossary, the memory, and exchange with CAT tools (XLIFF) and word processors (Markdown)."""

from .editions import edition, latest_progress, progress
from .editor import approve, list_translations, reject, save_from_editor, save_translation
from .exchange import export_markdown, export_xliff, import_file, import_markdown, import_xliff
from .glossary import get_glossary, set_glossary
from .memory import memory
from .review import approve_many

__all__ = [
    "approve",
    "approve_many",
    "edition",
    "export_markdown",
    "export_xliff",
    "get_glossary",
    "import_file",
    "import_markdown",
    "import_xliff",
    "latest_progress",
    "list_translations",
    "memory",
    "progress",
    "reject",
    "save_from_editor",
    "save_translation",
    "set_glossary",
]
