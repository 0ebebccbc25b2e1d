"""Password help and links to sign in by mail, and each person's choice of the mails they receive."""

from __future__ import annotations

from litestar import Controller

from ... import i18n
from ...domain.notifications.news import ChooseNews
from ...domain.people import AskLink, ChoosePassword
from ...services.accounts import password_resets, sign_in_links
from ...services.notifications import preferences
from ...services.notifications.preferences import NotificationSettings
from ..context import client_address
from ..http import AnyRequest
from ..openapi import PublicOperation
from ..params import Db, JSONBody, LinkToken, Who
from .routes import get, post, put


class MailController(Controller):
    tags = ("mail",)

    @post("/auth/password-reset", security=[], operation_class=PublicOperation, status_code=202)
    def password_reset(self, request: AnyRequest, db: Db, data: JSONBody[AskLink]) -> None:
        """Mail a link to choose a new password (valid one hour, once). 202 for any well-formed address:
        the answer never says whether it has an account (422: not an e-mail address)."""
        password_resets.request_reset(db, data.email, i18n.get_locale(), client_address(request))

    @post("/auth/sign-in-link", security=[], operation_class=PublicOperation, status_code=202)
    def sign_in_link(self, request: AnyRequest, db: Db, data: JSONBody[AskLink]) -> None:
        """Mail a link to sign in without a password (valid half an hour, once; it opens a page with a button to sign
        in). 202 for any well-formed address: the answer never says whether it has an account, nor whether a mail
        left (none for a disabled account, nor past three links an hour) (422: not an e-mail address)."""
        sign_in_links.request_sign_in_link(db, data.email, i18n.get_locale(), client_address(request))

    @post("/auth/password-reset/{token:str}", security=[], operation_class=PublicOperation, status_code=204)
    def password_reset_done(self, db: Db, token: LinkToken, data: JSONBody[ChoosePassword]) -> None:
        """Choose the new password through the mailed link; every session of the person ends (404:
        the link is used, expired or unknown)."""
        password_resets.reset_password(db, token, data)

    @get("/me/notifications")
    def notifications(self, db: Db, actor: Who) -> NotificationSettings:
        """Every kind of news and how it reaches the person: immediate, daily, weekly or off."""
        return preferences.get_notifications(db, actor)

    @put("/me/notifications")
    def set_notifications(self, db: Db, actor: Who, data: JSONBody[ChooseNews]) -> NotificationSettings:
        return preferences.set_notifications(db, actor, data)
