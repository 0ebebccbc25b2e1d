"""Account administration, for global administrators: the accounts, and setting a password."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.response import Redirect

from ...domain.errors import InvalidInput, NotFound, TooMany
from ...i18n import gettext as _
from ...services import accounts
from ...services.actor import Actor
from ...services.unit import Unit
from ..params import Db, StoreDep, Who
from ..routes import get, post
from .common import failure, flash, page
from .forms import Form, first, see_other


def _page(request: Request, db: Unit, actor: Actor | None, **context: Any) -> Response:
    return page(request, "admin/accounts.html", users=accounts.list_users(db, actor), **context)


@get("/admin/accounts", include_in_schema=False)
def accounts_page(request: Request, db: Db, actor: Who) -> Response:
    return _page(request, db, actor)


@post("/admin/accounts/password", include_in_schema=False)
def set_password(request: Request, store: StoreDep, db: Db, actor: Who, data: Form) -> Response | Redirect:
    """An administrator sets (or resets) someone's password; their sessions and tokens end."""
    email = first(data, "email")
    try:
        accounts.set_password(store, actor, email, first(data, "password"))
    except (InvalidInput, NotFound, TooMany) as exc:
        return _page(request, db, actor, **failure(exc), failed_email=email)
    flash(request, _("The password of %(email)s is set: tell them in person, or by another channel than email.", email=email))
    return see_other("/admin/accounts")


HANDLERS = [accounts_page, set_password]
