"""Notification mail: pure messages (`message`) and the ways to hand them over (`transport`)."""

from workspace.mail.message import Mail, build, new_message_id, thread_message_id
from workspace.mail.transport import (
    DeliveryError,
    FolderTransport,
    SmtpTransport,
    Transport,
    list_messages,
    transport_for,
)

__all__ = [
    "DeliveryError",
    "FolderTransport",
    "Mail",
    "SmtpTransport",
    "Transport",
    "build",
    "list_messages",
    "new_message_id",
    "thread_message_id",
    "transport_for",
]
