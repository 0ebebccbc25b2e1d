"""Server-rendered pages: thin handlers over the same services as the API."""

from __future__ import annotations

from litestar import Router

from . import (
    account,
    admin,
    amendments,
    auth,
    brackets,
    declaration,
    invitations,
    live_parts,
    mail,
    members,
    negotiation,
    oidc,
    processes,
    publication,
    recommendations,
    renderings,
    sessions,
    submissions,
    threads,
    translations,
    word_import,
)
from .forms import FORM_DECODERS

# One router, so each handler is registered once: registered one by one on the app, a GET that
# shares its path with a later POST is registered twice, and its sync_to_thread wrapper is
# wrapped again (it then returns a coroutine instead of a response).
PAGE_HANDLERS = [
    Router(
        path="/",
        route_handlers=[
            *auth.HANDLERS,
            *oidc.HANDLERS,
            *processes.HANDLERS,
            *members.HANDLERS,
            *negotiation.HANDLERS,
            *brackets.HANDLERS,
            *submissions.HANDLERS,
            *sessions.HANDLERS,
            *recommendations.HANDLERS,
            *account.HANDLERS,
            *declaration.HANDLERS,
            *live_parts.HANDLERS,
            *invitations.HANDLERS,
            *admin.HANDLERS,
            *word_import.HANDLERS,
            *amendments.HANDLERS,
            *threads.HANDLERS,
            *translations.HANDLERS,
            *renderings.HANDLERS,
            *publication.HANDLERS,
            *mail.HANDLERS,
        ],
        include_in_schema=False,
        type_decoders=FORM_DECODERS,  # a repeated field (`Many`) is a list, however many times it is sent
    )
]
