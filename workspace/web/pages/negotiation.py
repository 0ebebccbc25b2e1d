"""The negotiation's own pages: the delegations of a process (kept by the committee) and the consensus view, where
a delegation records where it stands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from ...domain.consultations.consultations import MemberChange
from ...domain.delegations.delegations import ChangeDelegation
from ...domain.delegations.positions import SetPosition
from ...domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from ...domain.vocabulary import LANGUAGES
from ...i18n import gettext as _
from ...services import delegations, positions, processes
from ...services.screens import negotiation as screens
from ..http import AnyRequest, AnyResponse
from ..params import Db, DelegationCode, Query, Slug, Who
from ..routes import get, post
from .common import flash, page, parts, screen_page
from .forms import Form, PageForm, see_other
from .refusals import Sent, refusal_of, shown_again


class DelegationForm(PageForm):
    """A delegation: its code (a new one renames it), a name per language, its kind."""

    code: str = ""
    name_es: str = ""
    name_en: str = ""
    name_fr: str = ""
    kind: str = ""

    def fields(self) -> ChangeDelegation:
        values = self.values()
        names = {code: values[f"name_{code}"] for code in LANGUAGES if values[f"name_{code}"]}
        return ChangeDelegation(code=self.code or None, names=names, kind=self.kind or None)


class MemberDelegationForm(PageForm):
    email: str = ""
    delegation: str = ""  # empty: the member speaks for themselves


class PositionForm(PageForm):
    delegation: str = ""  # the committee's choice of delegation to act for; empty: the writer's own
    eid: str = ""
    position: str = ""
    note: str = ""
    seen: str = ""  # "op_1:2 op_7:1": the revision of each position of the delegation the page showed
    version: str = ""  # the text the page showed, to show it again

    def base(self) -> int:
        """The revision of the chosen paragraph's position as the page showed it (0: it showed none)."""
        for pair in self.seen.split():
            eid, _, revision = pair.partition(":")
            if eid == self.eid and revision.isdigit():
                return int(revision)
        return 0


NEW_DELEGATION = {"kind": "member_state"}


def _delegations(request: AnyRequest, db: Db, actor: Who, slug: Slug, **context: Any) -> AnyResponse:
    screen = screens.delegations_screen(db, actor, slug)
    context.setdefault("values", NEW_DELEGATION)
    return page(request, "process/delegations.html", tab="members", **parts(screen), **context)


@get("/p/{slug:str}/delegations", include_in_schema=False)
def delegations_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _delegations(request, db, actor, slug)


def _delegations_again(form: str) -> Callable[..., AnyResponse]:
    """The delegations page again, its form `form` refused (only the new delegation's keeps what was typed)."""

    def again(request: AnyRequest, db: Db, actor: Who, slug: Slug, values: Sent, **context: Any) -> AnyResponse:
        typed = {"values": values} if form == "add" else {}
        return _delegations(request, db, actor, slug, **refusal_of(context), failed_form=form, **typed)

    return again


@post("/p/{slug:str}/delegations", include_in_schema=False)
@shown_again(_delegations_again("add"), shows=(InvalidInput, Conflict))
def add_delegation(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[DelegationForm]) -> AnyResponse:
    made = delegations.add_delegation(db, actor, slug, data.fields())
    flash(request, _("Delegation %(code)s added.", code=made.code))
    return see_other(f"/p/{slug}/delegations")


@post("/p/{slug:str}/delegations/{code:str}", include_in_schema=False)
@shown_again(_delegations_again("row"), shows=(InvalidInput, Conflict, NotFound))
def update_delegation(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, code: DelegationCode, data: Form[DelegationForm]
) -> AnyResponse:
    changed = delegations.update_delegation(db, actor, slug, code, data.fields())
    flash(request, _("Delegation %(code)s saved.", code=changed.code))
    return see_other(f"/p/{slug}/delegations")


@post("/p/{slug:str}/delegations/{code:str}/delete", include_in_schema=False)
@shown_again(_delegations_again("row"), shows=(Conflict, NotFound))
def delete_delegation(request: AnyRequest, db: Db, actor: Who, slug: Slug, code: DelegationCode) -> AnyResponse:
    delegations.delete_delegation(db, actor, slug, code)
    flash(request, _("Delegation %(code)s deleted.", code=code.upper()))
    return see_other(f"/p/{slug}/delegations")


@post("/p/{slug:str}/members/delegation", include_in_schema=False)
@shown_again(_delegations_again("members"), shows=(InvalidInput, NotFound))
def member_delegation(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[MemberDelegationForm]
) -> AnyResponse:
    processes.update_member(db, actor, slug, data.email, MemberChange(delegation=data.delegation or None))
    flash(request, _("Saved."))
    return see_other(f"/p/{slug}/delegations#speakers")


def _consensus(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, version: str | None, acting: str | None = None, **context: Any
) -> AnyResponse:
    screen = screens.consensus_screen(db, actor, slug, version, acting)
    return screen_page(request, "amendments/consensus.html", "amendments", screen, version=version or "", **context)


def _without_delegation(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, version: str | None, **context: Any
) -> AnyResponse:
    """A delegation the process does not have: the page without it, saying so."""
    return _consensus(request, db, actor, slug, version, None, **refusal_of(context), failed_form="position")


@get("/p/{slug:str}/consensus", include_in_schema=False)
@shown_again(_without_delegation, shows=(InvalidInput,))
def consensus_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, version: Query = None, delegation: Query = None
) -> AnyResponse:
    """`delegation`: for the committee, the delegation to record a position for (its positions shown)."""
    return _consensus(request, db, actor, slug, version, delegation)


def _position_again(request: AnyRequest, db: Db, actor: Who, slug: Slug, values: Sent, **context: Any) -> AnyResponse:
    """The consensus page again, as it was (its text, the delegation acted for), with the position typed."""
    shown = (values["version"] or None, values["delegation"] or None)
    return _consensus(request, db, actor, slug, *shown, **refusal_of(context), failed_form="position", values=values)


@post("/p/{slug:str}/positions", include_in_schema=False)
@shown_again(_position_again, shows=(InvalidInput, Conflict, Forbidden, NotFound))
def record_position(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[PositionForm]) -> AnyResponse:
    """The reader's delegation's position on a paragraph, as the consensus page's form gives it."""
    command = SetPosition(
        delegation=data.delegation or None,
        eid=data.eid or None,
        position=data.position,
        note=data.note,
        base_revision=data.base(),
    )
    positions.set_position(db, actor, slug, command)
    flash(request, _("The position is recorded."))
    query = urlencode({k: v for k, v in (("version", data.version), ("delegation", data.delegation)) if v})
    return see_other(f"/p/{slug}/consensus" + (f"?{query}" if query else "") + f"#{data.eid}")
