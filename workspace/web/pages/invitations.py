"""Accepting an invitation: the invited person signs in (or creates their account) and joins."""

from __future__ import annotations

from typing import Any

from ...domain.errors import N_, InvalidInput
from ...domain.people import JoinAsNew
from ...i18n import gettext as _
from ...services import accounts, processes
from ...services.unit import Db as Store
from ..context import SIGN_IN, browser_language
from ..http import AnyRequest, AnyResponse
from ..params import InPath, StoreDep, Who
from ..routes import get, post
from .common import flash, page
from .forms import Form, PageForm, see_other
from .refusals import Sent, refusal_of, shown_again

PATH = "/invitations/{token:str}"


def _page(
    request: AnyRequest, store: Store, actor: Who, token: str, values: Sent | None = None, **context: Any
) -> AnyResponse:
    """The invitation, and when shown again why it was refused, with the name typed (never the password)."""
    invitation = processes.show_invitation(store, token)
    typed = (values or {}).get("name", "")
    return page(
        request,
        "auth/invitation.html",
        invitation=invitation,
        token=token,
        me=actor,
        typed_name=typed,
        **refusal_of(context),
    )


@get(PATH, include_in_schema=False)
def invitation(request: AnyRequest, store: StoreDep, actor: Who, token: InPath) -> AnyResponse:
    return _page(request, store, actor, token)


class NewMember(PageForm):
    """Filled in only by someone new to Accord: the account's name, and its password twice."""

    name: str = ""
    password: str = ""
    repeat_password: str = ""


def _join_as_new(request: AnyRequest, store: Store, token: str, data: NewMember) -> str:
    """The account made with the name and password chosen, signed in; the slug of the process joined."""
    if data.password != data.repeat_password:
        raise InvalidInput(N_("The two new passwords are not the same."), detail={"field": "repeat_password"})
    browser = browser_language(request)
    joined, slug = processes.create_account_and_accept(
        store, token, JoinAsNew(name=data.name, password=data.password), browser
    )
    request.set_session({"user_id": joined.id, SIGN_IN: accounts.start_sign_in(store, joined, browser=browser)})
    return slug


@post(PATH, include_in_schema=False)
@shown_again(_page)
def accept(request: AnyRequest, store: StoreDep, actor: Who, token: InPath, data: Form[NewMember]) -> AnyResponse:
    """Signed in: join. New to Accord: the account is made with the name and password chosen here."""
    if actor is not None:
        slug = processes.accept_invitation(store, actor, token, browser_language(request))
    else:
        slug = _join_as_new(request, store, token, data)
    flash(request, _("Welcome: you are now in the process."))
    return see_other(f"/p/{slug}")
