"""Account administration, for global administrators: the accounts, and setting a password."""

from __future__ import annotations

from typing import Any

from litestar.response import Redirect

from ...domain.errors import InvalidInput, NotFound, TooMany
from ...i18n import gettext as _
from ...services import accounts
from ...services.actor import Actor
from ...services.unit import Unit
from ..http import AnyRequest, AnyResponse
from ..params import Db, StoreDep, Who
from ..routes import get, post
from .common import failure, flash, page
from .forms import Form, PageForm, see_other


def _page(request: AnyRequest, db: Unit, actor: Actor | None, **context: Any) -> AnyResponse:
    return page(request, "admin/accounts.html", users=accounts.list_users(db, actor), **context)


@get("/admin/accounts", include_in_schema=False)
def accounts_page(request: AnyRequest, db: Db, actor: Who) -> AnyResponse:
    return _page(request, db, actor)


class SetPassword(PageForm):
    email: str = ""
    password: str = ""


@post("/admin/accounts/password", include_in_schema=False)
def set_password(
    request: AnyRequest, store: StoreDep, db: Db, actor: Who, data: Form[SetPassword]
) -> AnyResponse | Redirect:
    """An administrator sets (or resets) someone's password; their sessions and tokens end."""
    email = data.email
    try:
        accounts.set_password(store, actor, email, data.password)
    except (InvalidInput, NotFound, TooMany) as exc:
        return _page(request, db, actor, **failure(exc), failed_email=email)
    flash(
        request,
        _("The password of %(email)s is set: tell them in person, or by another channel than email.", email=email),
    )
    return see_other("/admin/accounts")


HANDLERS = [accounts_page, set_password]
