"""The JSON API under /api: the same services as the pages, documented at /schema."""

from __future__ import annotations

from litestar import Router

from ..context import requires_sign_in
from .accounts import AccountController
from .amendments import AmendmentController
from .brackets import BracketController
from .consultations import ConsultationController
from .declaration import DeclarationController
from .delegations import DelegationController, WordAuthorController
from .invitations import InvitationController
from .mail import MailController
from .meetings import MeetingController
from .positions import PositionController
from .presence import PresenceController
from .processes import ProcessController
from .publications import PublicationController, verify_file
from .rooms import RoomController, room_socket
from .search import SearchController
from .strict_json import StrictJsonRequest
from .submissions import SubmissionController
from .threads import InboxController, ThreadController
from .translations import TranslationController
from .webhooks import AdminWebhookController, ProcessWebhookController

API_ROUTER = Router(
    path="/api",
    route_handlers=[
        AccountController,
        ProcessController,
        DelegationController,
        WordAuthorController,
        PositionController,
        PresenceController,
        RoomController,
        room_socket,
        MeetingController,
        BracketController,
        SubmissionController,
        ConsultationController,
        DeclarationController,
        InvitationController,
        AmendmentController,
        ThreadController,
        InboxController,
        TranslationController,
        PublicationController,
        ProcessWebhookController,
        AdminWebhookController,
        verify_file,
        SearchController,
        MailController,
    ],
    guards=[requires_sign_in],
    request_class=StrictJsonRequest,  # `1` is no boolean, "5" no number
)
