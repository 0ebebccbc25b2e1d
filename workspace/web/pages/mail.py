"""Pages of mail: “Forgot your password?”, the choice of mails, one-click unsubscribe, and the
administrators' view of what was sent."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter
from litestar.response import Redirect

from ... import i18n
from ...domain.errors import Conflict, InvalidInput, NotFound
from ...i18n import gettext as _
from ...services import accounts
from ...services.accounts import password_resets, sign_in_links
from ...services.notifications import outgoing, preferences
from ..context import CSRF_COOKIE, SIGN_IN, client_address, outward
from ..http import AnyRequest, AnyResponse
from ..params import Db, FromPath, StoreDep, Who
from ..routes import get, post
from .common import failure, flash, page
from .forms import Form, PageForm, see_other


@get("/password-reset", include_in_schema=False)
def reset_form(request: AnyRequest) -> AnyResponse:
    return page(request, "auth/password_reset.html")


class ResetRequest(PageForm):
    email: str = ""


class ResetPassword(PageForm):
    password: str = ""


Cadences = dict[str, str]
"""The notifications form: the cadence chosen for each kind of mail, its field named by the kind."""


@post("/password-reset", include_in_schema=False)
def reset_request(request: AnyRequest, db: Db, data: Form[ResetRequest]) -> AnyResponse:
    email = data.email
    try:
        password_resets.request_reset(db, email, i18n.get_locale(), client_address(request))
    except InvalidInput as exc:
        return page(request, "auth/password_reset.html", email=email, **failure(exc))
    return page(request, "auth/password_reset.html", sent=True, email=email)


@get("/password-reset/{token:str}", include_in_schema=False)
def new_password_form(request: AnyRequest, db: Db, token: FromPath[str]) -> AnyResponse:
    try:
        email = password_resets.check_reset(db, token)
    except NotFound as exc:
        return page(request, "auth/new_password.html", 404, gone=True, error=exc.render(i18n.translate))
    return page(request, "auth/new_password.html", email=email, token=token)


@post("/password-reset/{token:str}", include_in_schema=False)
def new_password(
    request: AnyRequest, store: StoreDep, token: FromPath[str], data: Form[ResetPassword]
) -> AnyResponse | Redirect:
    """The new password is set and its owner signed in, here, at once."""
    password = data.password
    try:
        email = password_resets.reset_password(store, token, password)
    except NotFound as exc:
        return page(request, "auth/new_password.html", 404, gone=True, error=exc.render(i18n.translate))
    except InvalidInput as exc:
        return page(request, "auth/new_password.html", token=token, **failure(exc))
    actor = accounts.authenticate(store, email, password, client_address(request))
    request.set_session({"user_id": actor.id, SIGN_IN: accounts.start_sign_in(store, actor)})
    flash(request, _("Your new password is set: you are signed in."))
    redirect = see_other("/processes")
    redirect.delete_cookie(CSRF_COOKIE)
    return redirect


@get("/sign-in-link", include_in_schema=False)
def sign_in_link_form(request: AnyRequest) -> AnyResponse:
    return page(request, "auth/sign_in_link.html")


@post("/sign-in-link", include_in_schema=False)
def sign_in_link_request(request: AnyRequest, db: Db, data: Form[ResetRequest]) -> AnyResponse:
    email = data.email
    try:
        sign_in_links.request_sign_in_link(db, email, i18n.get_locale(), client_address(request))
    except InvalidInput as exc:
        return page(request, "auth/sign_in_link.html", email=email, **failure(exc))
    return page(request, "auth/sign_in_link.html", sent=True, email=email)


@get("/sign-in-link/{token:str}", include_in_schema=False)
def sign_in_link_page(request: AnyRequest, db: Db, token: FromPath[str]) -> AnyResponse:
    """The mailed link opens a page with one button: a mail program that opens links to look at them signs nobody
    in, nor uses the link up."""
    try:
        email = sign_in_links.check_sign_in_link(db, token)
    except NotFound as exc:
        return page(request, "auth/sign_in_link.html", 404, gone=True, error=exc.render(i18n.translate))
    return page(request, "auth/sign_in_link.html", email=email, token=token)


@post("/sign-in-link/{token:str}", include_in_schema=False)
def sign_in_by_link(request: AnyRequest, store: StoreDep, token: FromPath[str]) -> AnyResponse | Redirect:
    try:
        actor = sign_in_links.use_sign_in_link(store, token)
    except NotFound as exc:
        return page(request, "auth/sign_in_link.html", 404, gone=True, error=exc.render(i18n.translate))
    request.set_session({"user_id": actor.id, SIGN_IN: accounts.start_sign_in(store, actor, via="link")})
    redirect = see_other("/processes")
    redirect.delete_cookie(CSRF_COOKIE)  # a new CSRF token for the new session
    return redirect


@get("/account/notifications", include_in_schema=False)
def notifications_page(request: AnyRequest, db: Db, actor: Who) -> AnyResponse:
    return page(request, "account/notifications.html", choices=preferences.notification_choices(db, actor))


@post("/account/notifications", include_in_schema=False)
def notifications_save(request: AnyRequest, db: Db, actor: Who, data: Form[Cadences]) -> AnyResponse | Redirect:
    kinds = {c.kind: data[c.kind] for c in preferences.notification_choices(db, actor) if data.get(c.kind)}
    try:
        preferences.set_notifications(db, actor, {"kinds": kinds})
    except InvalidInput as exc:
        return page(
            request, "account/notifications.html", choices=preferences.notification_choices(db, actor), **failure(exc)
        )
    flash(request, _("Your choice of emails is saved."))
    return see_other("/account/notifications")


@get("/unsubscribe/{token:str}", include_in_schema=False)
def unsubscribe_page(request: AnyRequest, db: Db, token: FromPath[str]) -> AnyResponse:
    try:
        shown = preferences.show_unsubscribe(db, outward(request), token)
    except NotFound as exc:
        return page(request, "account/unsubscribe.html", 404, error=exc.render(i18n.translate))
    return page(request, "account/unsubscribe.html", shown=shown, token=token)


@post("/unsubscribe/{token:str}", include_in_schema=False, exclude_from_csrf=True)
def unsubscribe(request: AnyRequest, db: Db, token: FromPath[str]) -> AnyResponse:
    """One click, from the page or from the mail client itself (RFC 8058: `List-Unsubscribe=One-Click`
    posted with no cookie, hence no CSRF token: the signed link is the proof)."""
    try:
        done = preferences.unsubscribe(db, outward(request), token)
    except NotFound as exc:
        return page(request, "account/unsubscribe.html", 404, error=exc.render(i18n.translate))
    return page(request, "account/unsubscribe.html", shown=done, token=token)


@get("/admin/mail", include_in_schema=False)
def mail_page(
    request: AnyRequest, db: Db, actor: Who, state_filter: Annotated[str | None, QueryParameter(name="state")] = None
) -> AnyResponse:
    state = state_filter  # `state` is a name Litestar keeps for the app's state
    try:
        shown = outgoing.list_mail(db, actor, state or None)
    except InvalidInput as exc:
        return page(request, "admin/mail.html", shown=outgoing.list_mail(db, actor), state=None, **failure(exc))
    return page(request, "admin/mail.html", shown=shown, state=state)


@post("/admin/mail/{mail_id:int}/resend", include_in_schema=False)
def mail_resend(request: AnyRequest, db: Db, actor: Who, mail_id: FromPath[int]) -> AnyResponse | Redirect:
    """The link of a mail, masked on the page, sent again as a new one."""
    try:
        recipient = outgoing.resend_mail(db, actor, mail_id)
    except (Conflict, InvalidInput, NotFound) as exc:
        return page(request, "admin/mail.html", shown=outgoing.list_mail(db, actor), state=None, **failure(exc))
    flash(request, _("A new link is on its way to %(email)s.", email=recipient))
    return see_other("/admin/mail")


HANDLERS = [
    reset_form,
    reset_request,
    new_password_form,
    new_password,
    sign_in_link_form,
    sign_in_link_request,
    sign_in_link_page,
    sign_in_by_link,
    notifications_page,
    notifications_save,
    unsubscribe_page,
    unsubscribe,
    mail_page,
    mail_resend,
]
