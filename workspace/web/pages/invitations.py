"""Accepting an invitation: the invited person signs in (or creates their account) and joins."""

from __future__ import annotations

from typing import Any

from litestar.response import Redirect

from ... import i18n
from ...domain.errors import Conflict, Forbidden, InvalidInput, TooMany
from ...i18n import gettext as _
from ...services import accounts, processes
from ..context import SIGN_IN
from ..errors import status_of
from ..http import AnyRequest, AnyResponse
from ..params import FromPath, StoreDep, Who
from ..routes import get, post
from .common import flash, page
from .forms import Form, PageForm, see_other

PATH = "/invitations/{token:str}"


def _page(
    request: AnyRequest, store: StoreDep, actor: Who, token: str, status: int = 200, **context: Any
) -> AnyResponse:
    invitation = processes.show_invitation(store, token)
    return page(request, "auth/invitation.html", status, invitation=invitation, token=token, me=actor, **context)


@get(PATH, include_in_schema=False)
def invitation(request: AnyRequest, store: StoreDep, actor: Who, token: FromPath[str]) -> AnyResponse:
    return _page(request, store, actor, token)


class NewMember(PageForm):
    """Filled in only by someone new to Accord: the account's name and password."""

    name: str = ""
    password: str = ""
    repeat_password: str = ""


@post(PATH, include_in_schema=False)
def accept(
    request: AnyRequest, store: StoreDep, actor: Who, token: FromPath[str], data: Form[NewMember]
) -> AnyResponse | Redirect:
    """Signed in: join. New to Accord: the account is made with the name and password chosen here."""
    try:
        if actor is not None:
            slug = processes.accept_invitation(store, actor, token)
        else:
            if data.password != data.repeat_password:
                raise InvalidInput(_("The two new passwords are not the same."), detail={"field": "repeat_password"})
            joined, slug = processes.create_account_and_accept(store, token, data.name, data.password)
            request.set_session({"user_id": joined.id, SIGN_IN: accounts.start_sign_in(store, joined)})
    except (InvalidInput, Conflict, Forbidden, TooMany) as exc:
        return _page(
            request, store, actor, token, status_of(exc), error=exc.render(i18n.translate), typed_name=data.name
        )
    flash(request, _("Welcome: you are now in the process."))
    return see_other(f"/p/{slug}")


HANDLERS = [invitation, accept]
