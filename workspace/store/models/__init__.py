"""The tables of Accord, one module per feature. Schema changes go through Alembic migrations in migrations/.

Every table is imported here, so that `Base.metadata` holds them all (Alembic autogenerate, create_all) and
`from ..store.models import X` finds any of them.
"""

from .accounts import ApiToken, PacedAction, PasswordReset, SignIn, SignInFailure, User
from .amendments import (
    Amendment,
    AmendmentPeriod,
    AmendmentRendering,
    BracketRecord,
    Cosponsor,
    Objection,
    RollCall,
    Silence,
)
from .base import NAMING, Base, index_texts_named, paragraph_fk
from .comments import Comment, CommentEdit, Follower, Thread
from .consultations import (
    ConsultationSession,
    Recommendation,
    RecommendationLink,
    RecommendationTheme,
    recommendation_folded,
)
from .declaration import (
    DraftParagraph,
    Paragraph,
    ParagraphEdit,
    ParagraphRevision,
    ParagraphStatus,
    Version,
    VersionLabel,
    VersionNumbers,
    VersionParagraph,
)
from .delegations import Delegation, Position, PositionChange, Submission, SubmissionWindow, WordAuthor
from .meetings import FloorRequest, Meeting, MeetingBallot, MeetingEvent, MeetingLight, MeetingText, MeetingVote
from .notifications import MailItem, MailMessage, Notification, NotificationSetting, Outbox
from .presence import Presence
from .processes import Activity, Invitation, Membership, Process, ScheduledRun
from .publications import KeptLeftover, Publication, PublicationFile, PublicationRender
from .rooms import EditingRoom, RoomUpdate
from .search import SearchEntry
from .signing import PublicationManifest, RecordCheckpoint, SigningKey
from .translations import GlossaryProposal, GlossaryTerm, MemoryWord, Translation
from .webhooks import Webhook, WebhookDelivery

index_texts_named()

__all__ = [
    "NAMING",
    "Activity",
    "Amendment",
    "AmendmentPeriod",
    "AmendmentRendering",
    "ApiToken",
    "Base",
    "BracketRecord",
    "Comment",
    "CommentEdit",
    "ConsultationSession",
    "Cosponsor",
    "Delegation",
    "DraftParagraph",
    "EditingRoom",
    "FloorRequest",
    "Follower",
    "GlossaryProposal",
    "GlossaryTerm",
    "Invitation",
    "KeptLeftover",
    "MailItem",
    "MailMessage",
    "Meeting",
    "MeetingBallot",
    "MeetingEvent",
    "MeetingLight",
    "MeetingText",
    "MeetingVote",
    "Membership",
    "MemoryWord",
    "Notification",
    "NotificationSetting",
    "Objection",
    "Outbox",
    "PacedAction",
    "Paragraph",
    "ParagraphEdit",
    "ParagraphRevision",
    "ParagraphStatus",
    "PasswordReset",
    "Position",
    "PositionChange",
    "Presence",
    "Process",
    "Publication",
    "PublicationFile",
    "PublicationManifest",
    "PublicationRender",
    "Recommendation",
    "RecommendationLink",
    "RecommendationTheme",
    "RecordCheckpoint",
    "RollCall",
    "RoomUpdate",
    "ScheduledRun",
    "SearchEntry",
    "SignIn",
    "SignInFailure",
    "SigningKey",
    "Silence",
    "Submission",
    "SubmissionWindow",
    "Thread",
    "Translation",
    "User",
    "Version",
    "VersionLabel",
    "VersionNumbers",
    "VersionParagraph",
    "Webhook",
    "WebhookDelivery",
    "WordAuthor",
    "paragraph_fk",
    "recommendation_folded",
]
