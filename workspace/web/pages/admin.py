"""Account administration, for global administrators: the accounts, and setting a password."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar.response import Redirect

from ...domain.errors import N_
from ...domain.paging import page_number
from ...domain.vocabulary import common_timezones
from ...i18n import gettext as _
from ...i18n import zone_choices
from ...services import accounts
from ...services.screens import audit
from ..http import AnyRequest, AnyResponse
from ..params import Db, StoreDep, Who
from ..routes import get, post
from .common import flash, kept_query, page
from .forms import Form, PageForm, see_other
from .refusals import Sent, refusal_of, shown_again

TIMEZONES = common_timezones()  # read once: the list of zones does not change while the server runs
_ZONES = frozenset(TIMEZONES)
SIGN_IN_WAYS = {  # how an account last signed in (users.last_sign_in_via), as the accounts page says it
    "password": N_("password"),
    "sso": N_("organisation account"),
    "link": N_("link by email"),
}


def _zone(request: AnyRequest) -> str:
    """The zone the reader reads the sign-ins in (`?zone=`, one of the zones offered): UTC unless they chose."""
    asked = (request.query_params.get("zone") or "").strip()
    return asked if asked in _ZONES else "UTC"


def _reading(request: AnyRequest) -> str:
    """The page, search and zone the administrator was reading, as a query (`?…`, or nothing): each action's form
    posts with it and is sent back there, not to the first page without the search."""
    query = kept_query(request, dropped=("at",))
    return f"?{urlencode(query)}" if query else ""


def _page(request: AnyRequest, db: Db, actor: Who, **context: Any) -> AnyResponse:
    zone = _zone(request)
    search = (request.query_params.get("q") or "").strip()
    shown, users = accounts.accounts_window(db, actor, page_number(request.query_params.get("page")), search)
    return page(
        request,
        "admin/accounts.html",
        users=users,
        window=shown,
        search=search,
        ways=SIGN_IN_WAYS,
        zone=zone,
        zones=zone_choices(TIMEZONES, first=("UTC",), keep=zone),
        reading=_reading(request),
        **context,
    )


def _back(request: AnyRequest) -> Redirect:
    """303 to the accounts page as the administrator was reading it (a page past the end shows the last one)."""
    return see_other("/admin/accounts" + _reading(request))


@get("/admin", include_in_schema=False)
def admin_door(db: Db, actor: Who) -> Redirect:
    """An administrator's way in: the accounts page. Anyone else finds no page here (404, its header naming them)."""
    accounts.administration(actor)
    return see_other("/admin/accounts")


@get("/admin/accounts", include_in_schema=False)
def accounts_page(request: AnyRequest, db: Db, actor: Who) -> AnyResponse:
    return _page(request, db, actor)


def _account_again(request: AnyRequest, db: Db, actor: Who, values: Sent, **context: Any) -> AnyResponse:
    """The accounts page again, the refusal said above it and beside the account it was about (a password typed is
    never shown again)."""
    return _page(request, db, actor, **refusal_of(context), failed_email=values.get("email", ""))


class SetPassword(PageForm):
    email: str = ""
    password: str = ""


@post("/admin/accounts/password", include_in_schema=False)
@shown_again(_account_again)
def set_password(request: AnyRequest, store: StoreDep, db: Db, actor: Who, data: Form[SetPassword]) -> AnyResponse:
    """An administrator sets (or resets) someone's password; their sessions and tokens end."""
    accounts.set_password(store, actor, data.email, data.password)
    flash(
        request,
        _("The password of %(email)s is set: tell them in person, or by another channel than email.", email=data.email),
    )
    return _back(request)


class SetAccess(PageForm):
    email: str = ""
    disabled: str = "1"


@post("/admin/accounts/access", include_in_schema=False)
@shown_again(_account_again)
def set_access(request: AnyRequest, db: Db, actor: Who, data: Form[SetAccess]) -> AnyResponse:
    """An administrator disables an account (its sessions and tokens end) or enables it again."""
    disabled = data.disabled != "0"
    accounts.set_disabled(db, actor, data.email, disabled)
    flash(
        request,
        _("The account of %(email)s is disabled.", email=data.email)
        if disabled
        else _("The account of %(email)s is enabled.", email=data.email),
    )
    return _back(request)


class EraseAccount(PageForm):
    email: str = ""


@post("/admin/accounts/erase", include_in_schema=False)
@shown_again(_account_again)
def erase_account(request: AnyRequest, db: Db, actor: Who, data: Form[EraseAccount]) -> AnyResponse:
    """An administrator erases an account (after the page's confirmation dialog): see services.accounts.erasure."""
    accounts.erase_account(db, actor, data.email)
    flash(request, _("The account is erased: what they wrote is now shown as by a former member."))
    return _back(request)


def _asked(request: AnyRequest) -> dict[str, str]:
    """The audit trail's filter as asked: a process, a person, a moment."""
    return {key: (request.query_params.get(key) or "").strip() for key in ("process", "person", "since")}


def _audit_refused(request: AnyRequest, **context: Any) -> AnyResponse:
    return page(request, "admin/audit.html", **refusal_of(context), entries=[], asked=_asked(request))


@get("/admin/audit", include_in_schema=False)
@shown_again(_audit_refused)
def audit_page(request: AnyRequest, db: Db, actor: Who) -> AnyResponse:
    """The audit trail, filtered by process, person and date (the newest 200 of the filter)."""
    asked = _asked(request)
    since = asked["since"]
    if since and "T" in since and len(since) == 16:  # a datetime-local field: on the server's clock, UTC
        since += "+00:00"
    screen = audit.audit_screen(db, actor, asked["process"] or None, asked["person"] or None, since or None, 200)
    return page(request, "admin/audit.html", entries=screen.entries, paragraphs=screen.paragraphs, asked=asked)
