"""Amendments tracked as diffs: propose, co-sponsor, rebase, decide, compile; and the negotiation around them."""

from .compilation import compilation
from .compilation_word import compilation_file
from .decisions import compromise, decide_amendment, decide_amendments, reopen_amendment
from .disposition import disposition, disposition_csv, disposition_part
from .negotiation import (
    dashboard,
    get_silence,
    object_to_silence,
    set_deadline,
    set_paragraph_status,
    set_paragraph_statuses,
    start_silence,
)
from .proposals import cosponsor, edit, get_amendment, list_amendments, propose, refresh, withdraw
from .word_import import import_word

# Loaded with the feature: its file of amendments to render is then handed on by the translations' XLIFF import.
from . import rendering_exchange  # noqa: F401  isort: skip

__all__ = [
    "compilation",
    "compilation_file",
    "compromise",
    "cosponsor",
    "dashboard",
    "decide_amendment",
    "decide_amendments",
    "disposition",
    "disposition_csv",
    "disposition_part",
    "edit",
    "get_amendment",
    "get_silence",
    "import_word",
    "list_amendments",
    "object_to_silence",
    "propose",
    "refresh",
    "reopen_amendment",
    "set_deadline",
    "set_paragraph_status",
    "set_paragraph_statuses",
    "start_silence",
    "withdraw",
]
