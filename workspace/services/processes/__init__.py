"""Processes, their members and their activity."""

from .activity import list_activity
from .deletion import Removed, deleted_process_id, marked_deleted, remove_deleted_process
from .invitations import accept_invitation, create_account_and_accept, show_invitation
from .lifecycle import archive_process, delete_process
from .members import (
    list_members,
    member_views,
    put_member,
    remove_member,
    resend_invitation,
    set_member,
    update_member,
)
from .processes import (
    create_process,
    get_process,
    insert_process,
    list_processes,
    source_language,
    update_process,
)

__all__ = [
    "Removed",
    "accept_invitation",
    "archive_process",
    "create_account_and_accept",
    "create_process",
    "delete_process",
    "deleted_process_id",
    "get_process",
    "insert_process",
    "list_activity",
    "list_members",
    "list_processes",
    "marked_deleted",
    "member_views",
    "put_member",
    "remove_deleted_process",
    "remove_member",
    "resend_invitation",
    "set_member",
    "show_invitation",
    "source_language",
    "update_member",
    "update_process",
]
