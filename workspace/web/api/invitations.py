"""Invitations: what one offers, and accepting it (as the signed-in owner, or with a new account)."""

from __future__ import annotations

from litestar import Controller
from msgspec import Struct

from ...domain.people import JoinAsNew
from ...services import processes
from ...services.processes.views import InvitationView
from ..context import browser_language
from ..http import AnyRequest
from ..openapi import PublicOperation
from ..params import Db, JSONBody, LinkToken, StoreDep, Who
from .routes import get, post


class Joined(Struct, frozen=True):
    slug: str  # the process joined


class InvitationController(Controller):
    path = "/invitations/{token:str}"
    tags = ("invitations",)

    @get("", security=[], operation_class=PublicOperation)
    def show(self, store: StoreDep, token: LinkToken) -> InvitationView:
        """What the invitation offers (no sign-in needed: the link is the key)."""
        return processes.show_invitation(store, token)

    @post("", security=[], operation_class=PublicOperation)
    def create_account(
        self, request: AnyRequest, store: StoreDep, token: LinkToken, data: JSONBody[JoinAsNew]
    ) -> Joined:
        """A person new to Accord accepts: the account is made with this name and password."""
        _, slug = processes.create_account_and_accept(store, token, data, browser_language(request))
        return Joined(slug)

    @post("/accept")
    def accept(self, request: AnyRequest, db: Db, actor: Who, token: LinkToken) -> Joined:
        """The owner of the invited address, signed in with a token, accepts."""
        return Joined(processes.accept_invitation(db, actor, token, browser_language(request)))
