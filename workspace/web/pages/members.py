"""The members of a process: who has which role; the committee invites, changes roles and removes."""

from __future__ import annotations

from typing import Any

from litestar.response import Redirect

from ...domain.consultations.consultations import MemberDraft
from ...domain.errors import Conflict, InvalidInput, NotFound
from ...i18n import gettext as _
from ...services import processes
from ...services.actor import Actor
from ...services.screens import processes as screens
from ...services.unit import Unit
from ..context import absolute
from ..http import AnyRequest, AnyResponse
from ..labels import ROLES, label
from ..params import Db, Slug, Who
from ..routes import get, post
from .common import failure, flash, page, take
from .forms import Form, Many, PageForm, many, see_other

NEW_MEMBER = {"role": "member", "languages": []}


NEW_INVITATION = "new_invitation"


def _page(request: AnyRequest, db: Unit, actor: Actor | None, slug: str, **context: Any) -> AnyResponse:
    screen = screens.members_screen(db, actor, slug)
    return page(
        request, "process/members.html", tab="members", process=screen.process, members=screen.members, **context
    )


@get("/p/{slug:str}/members", include_in_schema=False)
def members(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    # A new invitation's link travels once, in the (signed) session cookie, from the POST to this page.
    return _page(request, db, actor, slug, values=NEW_MEMBER, new_invitation=take(request, NEW_INVITATION))


class MemberForm(PageForm):
    """The invitation form, or a row of the table (`form=row`) changing a member's role."""

    email: str = ""
    name: str = ""
    role: str = ""
    languages: Many = many()
    form: str = ""


class EmailForm(PageForm):
    email: str = ""


@post("/p/{slug:str}/members", include_in_schema=False)
def set_member(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[MemberForm]) -> AnyResponse | Redirect:
    """Invite someone (a new e-mail) or change a member's role: the same use case for both forms."""
    values = {"email": data.email, "name": data.name, "role": data.role, "languages": data.languages}
    try:
        member = processes.set_member(
            db,
            actor,
            slug,
            MemberDraft.build(email=data.email, role=data.role, name=data.name, languages=data.languages),
        )
    except (InvalidInput, Conflict) as exc:
        if data.form == "row":  # a role changed in the table: the invitation form stays empty
            return _page(request, db, actor, slug, **failure(exc), failed_form="row", values=NEW_MEMBER)
        return _page(request, db, actor, slug, **failure(exc), failed_form="invite", values=values)
    if member.invitation:
        request.session[NEW_INVITATION] = {
            "email": member.email,
            "url": absolute(request, member.invitation),
            "expires_at": member.expires_at.isoformat() if member.expires_at else None,
        }
        return see_other(f"/p/{slug}/members#invitation-link")
    who = member.name or member.email
    flash(request, _("%(who)s is in the process as: %(role)s.", who=who, role=label(ROLES, member.role)))
    return see_other(f"/p/{slug}/members")


@post("/p/{slug:str}/members/remove", include_in_schema=False)
def remove_member(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[EmailForm]) -> AnyResponse | Redirect:
    email = data.email
    try:
        processes.remove_member(db, actor, slug, email)
    except (InvalidInput, Conflict, NotFound) as exc:
        return _page(request, db, actor, slug, **failure(exc), failed_form="row", values=NEW_MEMBER)
    flash(request, _("%(email)s is no longer in this process.", email=email))
    return see_other(f"/p/{slug}/members")


@post("/p/{slug:str}/members/resend", include_in_schema=False)
def resend_invitation(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[EmailForm]
) -> AnyResponse | Redirect:
    """A new link, mailed again (the old one ends), and shown once here as after inviting."""
    try:
        member = processes.resend_invitation(db, actor, slug, data.email)
    except (InvalidInput, NotFound) as exc:
        return _page(request, db, actor, slug, **failure(exc), failed_form="row", values=NEW_MEMBER)
    request.session[NEW_INVITATION] = {
        "email": member.email,
        "url": absolute(request, member.invitation or ""),
        "expires_at": member.expires_at.isoformat() if member.expires_at else None,
    }
    return see_other(f"/p/{slug}/members#invitation-link")


HANDLERS = [members, set_member, remove_member, resend_invitation]
