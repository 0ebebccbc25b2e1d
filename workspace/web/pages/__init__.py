"""Server-rendered pages: thin handlers over the same services as the API."""

from __future__ import annotations

from types import ModuleType

from litestar import Router
from litestar.handlers import HTTPRouteHandler

from . import (
    account,
    admin,
    amendments,
    auth,
    brackets,
    declaration,
    draft,
    invitations,
    live_parts,
    mail,
    meeting_actions,
    meetings,
    members,
    negotiation,
    oidc,
    processes,
    publication,
    recommendations,
    renderings,
    search,
    sessions,
    submissions,
    threads,
    translations,
    version_import,
    word_import,
)
from .forms import FORM_DECODERS

MODULES: tuple[ModuleType, ...] = (
    auth,
    oidc,
    processes,
    members,
    negotiation,
    meetings,
    meeting_actions,
    brackets,
    submissions,
    sessions,
    recommendations,
    account,
    declaration,
    draft,
    version_import,
    live_parts,
    invitations,
    admin,
    word_import,
    amendments,
    threads,
    translations,
    renderings,
    publication,
    search,
    mail,
)


def handlers(module: ModuleType) -> list[HTTPRouteHandler]:
    """A module's page handlers, each declared once: by its route decorator."""
    return [value for value in vars(module).values() if isinstance(value, HTTPRouteHandler)]


# One router, so each handler is registered once: registered one by one on the app, a GET that
# shares its path with a later POST is registered twice, and its sync_to_thread wrapper is
# wrapped again (it then returns a coroutine instead of a response).
PAGE_HANDLERS = [
    Router(
        path="/",
        route_handlers=[handler for module in MODULES for handler in handlers(module)],
        include_in_schema=False,
        type_decoders=FORM_DECODERS,  # a repeated field (`Many`) is a list, however many times it is sent
    )
]
