"""The members of a process: who has which role; the committee invites, changes roles and removes."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Redirect, Template

from ...domain.errors import Conflict, InvalidInput, NotFound
from ...i18n import gettext as _
from ...services import processes, screens
from ...services.unit import Store
from ...services.views import Actor
from ..labels import ROLES, label
from ..routes import get, post
from .common import failure, flash, page
from .forms import Form, fields, first, see_other

NEW_MEMBER = {"role": "member", "languages": []}


def _page(request: Request, db: Store, actor: Actor | None, slug: str, **context: Any) -> Template:
    screen = screens.members_screen(db, actor, slug)
    return page(request, "process/members.html", tab="members", process=screen.process, members=screen.members, **context)


@get("/p/{slug:str}/members", include_in_schema=False)
def members(request: Request, db: Store, actor: Actor | None, slug: str) -> Template:
    return _page(request, db, actor, slug, values=NEW_MEMBER)


@post("/p/{slug:str}/members", include_in_schema=False)
def set_member(request: Request, db: Store, actor: Actor | None, slug: str, data: Form) -> Template | Redirect:
    """Invite someone (a new e-mail) or change a member's role: the same use case for both forms."""
    values = fields(data, "email", "name", "role", lists=("languages",))
    try:
        member = processes.set_member(db, actor, slug, values)
    except (InvalidInput, Conflict) as exc:
        if first(data, "form") == "row":  # a role changed in the table: the invitation form stays empty
            return _page(request, db, actor, slug, **failure(exc), failed_form="row", values=NEW_MEMBER)
        return _page(request, db, actor, slug, **failure(exc), failed_form="invite", values=values)
    who = member.name or member.email
    flash(request, _("%(who)s is in the process as: %(role)s.", who=who, role=label(ROLES, member.role)))
    return see_other(f"/p/{slug}/members")


@post("/p/{slug:str}/members/remove", include_in_schema=False)
def remove_member(request: Request, db: Store, actor: Actor | None, slug: str, data: Form) -> Template | Redirect:
    email = first(data, "email")
    try:
        processes.remove_member(db, actor, slug, email)
    except (InvalidInput, Conflict, NotFound) as exc:
        return _page(request, db, actor, slug, **failure(exc), failed_form="row", values=NEW_MEMBER)
    flash(request, _("%(email)s is no longer a member of this process.", email=email))
    return see_other(f"/p/{slug}/members")


HANDLERS = [members, set_member, remove_member]
