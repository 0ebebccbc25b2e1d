"""Pages of mail: “Forgot your password?”, the choice of mails, one-click unsubscribe, and the
administrators' view of what was sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from litestar.params import QueryParameter

from ... import i18n
from ...domain.notifications.news import ChooseNews
from ...domain.people import AskLink, ChoosePassword
from ...i18n import gettext as _
from ...services import accounts
from ...services.accounts import password_resets, sign_in_links
from ...services.notifications import outgoing, preferences
from ..context import client_address, outward
from ..http import AnyRequest, AnyResponse
from ..params import Db, FromPath, InPath, StoreDep, Who
from ..routes import get, post
from .auth import into_session
from .common import flash, page
from .forms import Form, see_other
from .refusals import Sent, refusal_of, shown_again

Cadences = dict[str, str]
"""The notifications form: the cadence chosen for each kind of mail, its field named by the kind."""


def _asking(name: str) -> Callable[..., AnyResponse]:
    """The page that asks for a link by mail (`name`), shown again with the address typed and why it was refused."""

    def again(request: AnyRequest, values: Sent, **context: Any) -> AnyResponse:
        return page(request, name, email=values.get("email", ""), **refusal_of(context))

    return again


def _gone(name: str) -> Callable[..., AnyResponse]:
    """The page of a mailed link (`name`) that no longer works (404): used, expired or unknown."""

    def again(request: AnyRequest, status: int, error: str, **_: Any) -> AnyResponse:
        return page(request, name, status, gone=status == 404, error=error)

    return again


@get("/password-reset", include_in_schema=False)
def reset_form(request: AnyRequest) -> AnyResponse:
    return page(request, "auth/password_reset.html")


@post("/password-reset", include_in_schema=False)
@shown_again(_asking("auth/password_reset.html"))
def reset_request(request: AnyRequest, db: Db, data: Form[AskLink]) -> AnyResponse:
    password_resets.request_reset(db, data.email, i18n.get_locale(), client_address(request))
    return page(request, "auth/password_reset.html", sent=True, email=data.email)


@get("/password-reset/{token:str}", include_in_schema=False)
@shown_again(_gone("auth/new_password.html"))
def new_password_form(request: AnyRequest, db: Db, token: InPath) -> AnyResponse:
    email = password_resets.check_reset(db, token)
    return page(request, "auth/new_password.html", email=email, token=token)


def _new_password_again(request: AnyRequest, token: str, status: int, **context: Any) -> AnyResponse:
    """The new password refused (never shown again), or the link gone."""
    if status == 404:
        return _gone("auth/new_password.html")(request, status, context["error"])
    return page(request, "auth/new_password.html", token=token, **refusal_of({**context, "status": status}))


@post("/password-reset/{token:str}", include_in_schema=False)
@shown_again(_new_password_again)
def new_password(request: AnyRequest, store: StoreDep, token: InPath, data: Form[ChoosePassword]) -> AnyResponse:
    """The new password is set and its owner signed in, here, at once."""
    email = password_resets.reset_password(store, token, data)
    actor = accounts.authenticate(store, email, data.password, client_address(request))
    redirect = into_session(request, store, actor, "/processes")
    flash(request, _("Your new password is set: you are signed in."))
    return redirect


@get("/sign-in-link", include_in_schema=False)
def sign_in_link_form(request: AnyRequest) -> AnyResponse:
    return page(request, "auth/sign_in_link.html")


@post("/sign-in-link", include_in_schema=False)
@shown_again(_asking("auth/sign_in_link.html"))
def sign_in_link_request(request: AnyRequest, db: Db, data: Form[AskLink]) -> AnyResponse:
    sign_in_links.request_sign_in_link(db, data.email, i18n.get_locale(), client_address(request))
    return page(request, "auth/sign_in_link.html", sent=True, email=data.email)


@get("/sign-in-link/{token:str}", include_in_schema=False)
@shown_again(_gone("auth/sign_in_link.html"))
def sign_in_link_page(request: AnyRequest, db: Db, token: InPath) -> AnyResponse:
    """The mailed link opens a page with one button: a mail program that opens links to look at them signs nobody
    in, nor uses the link up."""
    email = sign_in_links.check_sign_in_link(db, token)
    return page(request, "auth/sign_in_link.html", email=email, token=token)


@post("/sign-in-link/{token:str}", include_in_schema=False)
@shown_again(_gone("auth/sign_in_link.html"))
def sign_in_by_link(request: AnyRequest, store: StoreDep, token: InPath) -> AnyResponse:
    return into_session(request, store, sign_in_links.use_sign_in_link(store, token), "/processes", via="link")


def _notifications(request: AnyRequest, db: Db, actor: Who, **context: Any) -> AnyResponse:
    choices = preferences.notification_choices(db, actor)
    return page(request, "account/notifications.html", choices=choices, **refusal_of(context))


@get("/account/notifications", include_in_schema=False)
def notifications_page(request: AnyRequest, db: Db, actor: Who) -> AnyResponse:
    return _notifications(request, db, actor)


@post("/account/notifications", include_in_schema=False)
@shown_again(_notifications)
def notifications_save(request: AnyRequest, db: Db, actor: Who, data: Form[Cadences]) -> AnyResponse:
    """The form names each kind of news offered with its cadence (a field it does not offer is not read)."""
    kinds = {c.kind: data[c.kind] for c in preferences.notification_choices(db, actor) if data.get(c.kind)}
    preferences.set_notifications(db, actor, ChooseNews(kinds=kinds))
    flash(request, _("Your choice of emails is saved."))
    return see_other("/account/notifications")


def _unsubscribe_gone(request: AnyRequest, status: int, error: str, **_: Any) -> AnyResponse:
    return page(request, "account/unsubscribe.html", status, error=error)


@get("/unsubscribe/{token:str}", include_in_schema=False)
@shown_again(_unsubscribe_gone)
def unsubscribe_page(request: AnyRequest, db: Db, token: InPath) -> AnyResponse:
    shown = preferences.show_unsubscribe(db, outward(request), token)
    return page(request, "account/unsubscribe.html", shown=shown, token=token)


@post("/unsubscribe/{token:str}", include_in_schema=False, exclude_from_csrf=True)
@shown_again(_unsubscribe_gone)
def unsubscribe(request: AnyRequest, db: Db, token: InPath) -> AnyResponse:
    """One click, from the page or from the mail client itself (RFC 8058: `List-Unsubscribe=One-Click`
    posted with no cookie, hence no CSRF token: the signed link is the proof)."""
    done = preferences.unsubscribe(db, outward(request), token)
    return page(request, "account/unsubscribe.html", shown=done, token=token)


def _mail(request: AnyRequest, db: Db, actor: Who, **context: Any) -> AnyResponse:
    """The mails sent, every state, below what was refused (a filter, a link sent again)."""
    return page(request, "admin/mail.html", shown=outgoing.list_mail(db, actor), state=None, **refusal_of(context))


@get("/admin/mail", include_in_schema=False)
@shown_again(_mail)
def mail_page(
    request: AnyRequest, db: Db, actor: Who, state_filter: Annotated[str | None, QueryParameter(name="state")] = None
) -> AnyResponse:
    state = state_filter  # `state` is a name Litestar keeps for the app's state
    return page(request, "admin/mail.html", shown=outgoing.list_mail(db, actor, state or None), state=state)


@post("/admin/mail/{mail_id:int}/resend", include_in_schema=False)
@shown_again(_mail)
def mail_resend(request: AnyRequest, db: Db, actor: Who, mail_id: FromPath[int]) -> AnyResponse:
    """The link of a mail, masked on the page, sent again as a new one."""
    recipient = outgoing.resend_mail(db, actor, mail_id)
    flash(request, _("A new link is on its way to %(email)s.", email=recipient))
    return see_other("/admin/mail")
