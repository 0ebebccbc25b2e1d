"""Who am I, and personal API tokens."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Response
from litestar.params import QueryParameter

from ...domain.people import ChangeAccess, ChooseLocale, NameToken, TokenForPassword
from ...services import accounts
from ...services.access import require_actor
from ...services.accounts.audit import MAX_AUDIT, AuditEntry
from ...services.accounts.views import TokenCreated, TokenView, UserView
from ...services.actor import Actor
from ..context import client_address
from ..http import AnyRequest
from ..openapi import PublicOperation
from ..params import Db, EmailPath, JSONBody, Number, StoreDep, Who
from ..responses import attached, csv_response
from .paging import LINK, LIST_LIMIT, Limit, Offset, part
from .routes import delete, get, post, put
from .schemas import text_schema

AuditProcess = Annotated[str | None, QueryParameter(schema_extra=text_schema(64), description="A process's slug")]
AuditPerson = Annotated[str | None, QueryParameter(schema_extra=text_schema(254), description="An e-mail address")]
AuditSince = Annotated[
    str | None,
    QueryParameter(schema_extra=text_schema(40), description="From this moment on: 2026-12-01T09:00+01:00"),
]


class AccountController(Controller):
    tags = ("accounts",)

    @get("/me")
    def me(self, actor: Who) -> Actor:
        """The person the token (or browser session) belongs to."""
        return require_actor(actor)

    @get("/me/data")
    def my_data(self, db: Db, actor: Who) -> Response[dict[str, Any]]:
        """Everything Accord holds about the caller, as one JSON document to keep (a download): the account, and
        every record that names them (memberships, comments, amendments, positions, translations, activity, mails
        …) with the texts they refer to. Never a password's or a token's hash, nor other people's addresses."""
        data = accounts.personal_data(db, actor)
        name = f"accord-data-{data['made_at'][:10]}.json"
        return attached(data, name)

    @put("/me/locale")
    def set_locale(self, db: Db, actor: Who, data: JSONBody[ChooseLocale]) -> UserView:
        return accounts.set_locale(db, actor, data.locale)

    @post("/auth/token", security=[], operation_class=PublicOperation)
    def token_for_password(
        self, request: AnyRequest, store: StoreDep, db: Db, data: JSONBody[TokenForPassword]
    ) -> TokenCreated:
        """Exchange an e-mail and password for a personal API token (shown once): the account's latest sign-in."""
        actor = accounts.authenticate(store, data.email, data.password, client_address(request))
        accounts.record_sign_in(db, actor, "password")
        return accounts.create_token(db, actor, data.name)

    @get("/tokens")
    def tokens(self, db: Db, actor: Who) -> list[TokenView]:
        return accounts.list_tokens(db, actor)

    @post("/tokens")
    def create_token(self, db: Db, actor: Who, data: JSONBody[NameToken]) -> TokenCreated:
        return accounts.create_token(db, actor, data.name)

    @delete("/tokens/{token_id:int}")
    def revoke_token(self, db: Db, actor: Who, token_id: Number) -> None:
        accounts.revoke_token(db, actor, token_id)

    @get("/admin/accounts", response_headers=[LINK])
    def list_accounts(
        self, request: AnyRequest, db: Db, actor: Who, limit: Limit = LIST_LIMIT, offset: Offset = 0
    ) -> Response[list[UserView]]:
        """The accounts, by address, for administrators: each with whether it is disabled and its latest sign-in
        (`last_sign_in_at`, null: never) and how (`last_sign_in_via`: "password", "sso" or "link", a link by mail)."""
        return part(request, accounts.list_users(db, actor, limit + 1, offset), limit, offset)

    @delete("/admin/accounts/{email:str}")
    def erase_account(self, db: Db, actor: Who, email: EmailPath) -> None:
        """An administrator erases an account: the person's name and address go, with their sessions, personal
        tokens, links, memberships, notifications and mails; what they contributed stays, shown as by "a former
        member" (or by the delegation it was made for). Recorded as `account.erased`. 403 for anyone else, 409 for
        one's own or a process's only committee member, 404 for an unknown address (an erased one included)."""
        accounts.erase_account(db, actor, email)

    @put("/admin/accounts/{email:str}")
    def set_account(self, db: Db, actor: Who, email: EmailPath, data: JSONBody[ChangeAccess]) -> UserView:
        """An administrator disables an account (`{"disabled": true}`: it cannot sign in, its sessions and personal
        tokens end at once) or enables it again; 403 for anyone else, 409 when it is so already or their own."""
        return accounts.set_disabled(db, actor, email, data.disabled)

    @get("/admin/audit", response_headers=[LINK])
    def audit(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        process: AuditProcess = None,
        person: AuditPerson = None,
        since: AuditSince = None,
        limit: Limit = LIST_LIMIT,
        offset: Offset = 0,
    ) -> Response[list[AuditEntry]]:
        """The audit trail, for administrators: who did what and when, across processes, newest first; of one
        `process` (its slug), one `person` (their e-mail address), from `since` on."""
        found = accounts.audit(db, actor, process, person, since, limit + 1, offset)
        return part(request, found, limit, offset)

    @get("/admin/audit.csv", media_type="text/csv")
    def audit_csv(
        self, db: Db, actor: Who, process: AuditProcess = None, person: AuditPerson = None, since: AuditSince = None
    ) -> Response[str]:
        """The same as CSV (the latest 1,000 entries of the filter)."""
        found = accounts.audit(db, actor, process, person, since, MAX_AUDIT, 0)
        return csv_response(accounts.audit_csv(found), "accord-audit.csv")
