"""The members of a process: who has which role; the committee invites, changes roles and removes."""

from __future__ import annotations

from typing import Any

from litestar.response import Redirect

from ...domain.consultations.consultations import EmailAddress, FormLanguages, MemberDraft, RoleName
from ...domain.labels import ROLES
from ...i18n import gettext as _
from ...services import processes
from ...services.processes.views import MemberView
from ...services.screens import processes as screens
from ..context import absolute
from ..http import AnyRequest, AnyResponse
from ..labels import label
from ..params import Db, Slug, Who
from ..routes import get, post
from .common import flash, page, parts, take
from .forms import Form, PageForm, see_other
from .refusals import Sent, refusal_of, shown_again

NEW_MEMBER = {"role": "member", "languages": []}


NEW_INVITATION = "new_invitation"


def _page(request: AnyRequest, db: Db, actor: Who, slug: Slug, **context: Any) -> AnyResponse:
    screen = screens.members_screen(db, actor, slug)
    return page(request, "process/members.html", tab="members", **parts(screen), **context)


@get("/p/{slug:str}/members", include_in_schema=False)
def members(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    # A new invitation's link travels once, in the (signed) session cookie, from the POST to this page.
    return _page(request, db, actor, slug, values=NEW_MEMBER, new_invitation=take(request, NEW_INVITATION))


class MemberOnPage(MemberDraft, frozen=True, kw_only=True):
    """The invitation form, or a row of the table (its `form` field "row", read from the form as sent) changing a
    member's role; a field left empty "" (refused as the API refuses it)."""

    email: EmailAddress = ""
    role: RoleName = ""
    languages: FormLanguages = None  # type: ignore[assignment]


class EmailForm(PageForm):
    email: str = ""


def _again(request: AnyRequest, db: Db, actor: Who, slug: Slug, values: Sent, **context: Any) -> AnyResponse:
    if values.get("form") == "row":  # a role changed in the table: the invitation form stays empty
        return _row_again(request, db, actor, slug, **context)
    return _page(request, db, actor, slug, **refusal_of(context), failed_form="invite", values=values)


def _row_again(request: AnyRequest, db: Db, actor: Who, slug: Slug, **context: Any) -> AnyResponse:
    return _page(request, db, actor, slug, **refusal_of(context), failed_form="row", values=NEW_MEMBER)


def _link_shown(request: AnyRequest, slug: str, member: MemberView) -> Redirect:
    """The members page, the new invitation's link shown there once: it travels in the (signed) session cookie."""
    request.session[NEW_INVITATION] = {
        "email": member.email,
        "url": absolute(request, member.invitation or ""),
        "expires_at": member.expires_at.isoformat() if member.expires_at else None,
    }
    return see_other(f"/p/{slug}/members#invitation-link")


@post("/p/{slug:str}/members", include_in_schema=False)
@shown_again(_again)
def set_member(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[MemberOnPage]) -> AnyResponse:
    """Invite someone (a new e-mail) or change a member's role: the same use case for both forms."""
    member = processes.set_member(db, actor, slug, data)
    if member.invitation:
        return _link_shown(request, slug, member)
    who = member.name or member.email
    flash(request, _("%(who)s is in the process as: %(role)s.", who=who, role=label(ROLES, member.role)))
    return see_other(f"/p/{slug}/members")


@post("/p/{slug:str}/members/remove", include_in_schema=False)
@shown_again(_row_again)
def remove_member(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[EmailForm]) -> AnyResponse:
    processes.remove_member(db, actor, slug, data.email)
    flash(request, _("%(email)s is no longer in this process.", email=data.email))
    return see_other(f"/p/{slug}/members")


@post("/p/{slug:str}/members/resend", include_in_schema=False)
@shown_again(_row_again)
def resend_invitation(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[EmailForm]) -> AnyResponse:
    """A new link, mailed again (the old one ends), and shown once here as after inviting."""
    return _link_shown(request, slug, processes.resend_invitation(db, actor, slug, data.email))
