"""The delegations of a process, and on whose behalf an action is taken."""

from .delegations import (
    add_delegation,
    delete_delegation,
    get_delegation,
    insert_delegation,
    list_delegations,
    merge_delegation,
    update_delegation,
)
from .records import acting_for, named, own, ref_of, refs_by_id
from .views import DelegationRef, DelegationView
from .word_authors import WordAuthorView, list_word_authors, map_word_author

__all__ = [
    "DelegationRef",
    "DelegationView",
    "WordAuthorView",
    "acting_for",
    "add_delegation",
    "delete_delegation",
    "get_delegation",
    "insert_delegation",
    "list_delegations",
    "list_word_authors",
    "map_word_author",
    "merge_delegation",
    "named",
    "own",
    "ref_of",
    "refs_by_id",
    "update_delegation",
]
