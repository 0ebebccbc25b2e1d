"""Amendment pages: the list and triage queue, proposing with a preview, one amendment with its
actions (co-sponsor, withdraw, refresh, decide), compromise, compilation, disposition, dashboard."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from litestar.response import Redirect

from ...domain.amendments.amendment_commands import (
    Compromise,
    DecideAmendment,
    DecideInOrder,
    DecisionInList,
    EditAmendment,
    Objection,
    ProposeAmendment,
    SetDeadline,
    SetParagraphStatus,
    SetParagraphStatuses,
    StartSilence,
)
from ...domain.amendments.votes import RoomVote
from ...domain.labels import AMENDMENT_STATUSES, NEGOTIATION_STATUSES
from ...domain.paging import page_number
from ...domain.series import AMENDMENT_MARK, link_ref, parse_number
from ...i18n import gettext as _
from ...i18n import ngettext
from ...services import amendments
from ...services.screens import amendments as screens
from ..http import AnyRequest, AnyResponse
from ..labels import label
from ..params import Db, Eid, InPath, Query, Slug, Who
from ..routes import get, post
from .common import flash, page, parts, screen_page
from .forms import Form, see_other
from .refusals import Sent, shown_again

BASE = "/p/{slug:str}/amendments"

Voting = dict[str, str]
"""The voting list: each amendment's fields named by its label ("decision-A7", "order-A7", "reason-A7")."""


def _list(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    query = {k: request.query_params.get(k) or None for k in ("version", "status", "eid", "proposer", "delegation")}
    screen = screens.list_screen(db, actor, slug, **query, page=page_number(request.query_params.get("page")))
    return page(request, "amendments/list.html", tab="amendments", query=query, **parts(screen))


@get(BASE, include_in_schema=False)
def amendment_list(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _list(request, db, actor, slug)


def _propose_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, values: Sent, preview: bool = True, **context: Any
) -> AnyResponse:
    """The proposal's page: a paragraph to edit, with the change it makes (`preview`) and what was typed."""
    form = {
        key: str(values.get(key) or "")
        for key in ("version", "eid", "kind", "text", "rationale", "paragraph_kind", "lang")
    }
    modify = (form["kind"] or "modify") == "modify"
    text = form["text"] if preview and modify else None  # the change it makes, shown
    screen = screens.propose_screen(
        db, actor, slug, form["version"] or None, form["eid"] or None, text, form["lang"] or None
    )
    if screen.paragraph is not None and not form["text"] and modify:
        form["text"] = screen.paragraph.text  # one edits the paragraph as it reads
    return screen_page(request, "amendments/new.html", "amendments", screen, values=form, **context)


def _voting(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Voting | None = None, **context: Any
) -> AnyResponse:
    """The voting list; shown again, with the decisions as they were typed (`data`)."""
    screen = screens.voting_screen(db, actor, slug, page_number(request.query_params.get("page")))
    context["values"] = {key: value for key, value in (data or {}).items() if key != "_csrf_token"}
    return page(request, "amendments/voting.html", tab="amendments", **parts(screen), **context)


@get(BASE + "/voting", include_in_schema=False)
def voting_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    """The open amendments as a voting list: a decision and a reason for each, taken in the order given."""
    return _voting(request, db, actor, slug)


def _vote_of(data: Voting, label: str) -> RoomVote | None:
    """The counts typed beside a decision ("for-A7", "against-A7", "abstain-A7"): a vote if any is given."""
    typed = {ballot: data.get(f"{ballot}-{label}", "").strip() for ballot in ("for", "against", "abstain")}
    if not any(typed.values()):
        return None
    return RoomVote(yes=_count(typed["for"]), no=_count(typed["against"]), abstain=_count(typed["abstain"]))


def _count(typed: str) -> Any:
    """A typed count as a whole number where it reads as one (ASCII digits, a few of them); anything else as typed,
    for the vote to refuse with its reason ("²" or a 5,000-digit number would make int() fail: a 500)."""
    if not typed:
        return None
    return int(typed) if typed.isascii() and typed.isdigit() and len(typed) <= 9 else typed


def _voting_list(data: Voting) -> DecideInOrder:
    """The decisions of the voting list's form, in the order typed (those without an order last, by number)."""
    # Each amendment's fields are named by its label ("decision-A7", "decision-D3"; "decision-7" is A7).
    numbers = {
        key[9:]: ref
        for key, value in data.items()
        if key.startswith("decision-") and value and (ref := parse_number(key[9:], amendment=True)) is not None
    }
    place = {n: data.get(f"order-{n}", "") for n in numbers}
    ordered = sorted(numbers, key=lambda n: (int(place[n]) if place[n].isdigit() else 10**9, numbers[n]))
    return DecideInOrder(
        decisions=[
            DecisionInList(
                number=n, decision=data[f"decision-{n}"], reason=data.get(f"reason-{n}", ""), vote=_vote_of(data, n)
            )
            for n in ordered
        ]
    )


@post(BASE + "/voting", include_in_schema=False)
@shown_again(functools.partial(_voting, failed_form="voting"))
def voting_decide(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[Voting]) -> AnyResponse:
    done = amendments.decide_amendments(db, actor, slug, _voting_list(data))
    flash(
        request,
        ngettext(
            "%(num)s decision taken: %(list)s.",
            "%(num)s decisions taken, in this order: %(list)s.",
            len(done),
            list=", ".join(a.label for a in done),
        ),
    )
    return see_other(f"/p/{slug}/amendments?status=open")


@get(BASE + "/new", include_in_schema=False)
def amendment_new(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    version: Query = None,
    eid: Query = None,
    kind: Query = None,
    lang: Query = None,
) -> AnyResponse:
    values = {"version": version or "", "eid": eid or "", "kind": kind or "modify", "lang": lang or ""}
    return _propose_page(request, db, actor, slug, values, preview=False)


@post(BASE + "/new", include_in_schema=False)
@shown_again(functools.partial(_propose_page, failed_form="propose"))
def amendment_propose(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[ProposeAmendment], sent: Sent
) -> AnyResponse:
    """Proposes when the form's `action` says "propose"; else ("preview") shows the change it would make."""
    if sent.get("action") != "propose":
        return _propose_page(request, db, actor, slug, sent)
    made = amendments.propose(db, actor, slug, data)
    flash(request, _("Amendment %(label)s proposed.", label=made.label))
    return see_other(f"/p/{slug}/amendments/{link_ref(made.label)}")


@get(BASE + "/compilation", include_in_schema=False)
def compilation_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, version: Query = None) -> AnyResponse:
    screen = screens.compilation_screen(
        db, actor, slug, version, page_number(request.query_params.get("page")), request.query_params.get("at") or None
    )
    return page(request, "amendments/compilation.html", tab="amendments", **parts(screen))


@get(BASE + "/disposition", include_in_schema=False)
def disposition_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, version: Query = None) -> AnyResponse:
    screen = screens.disposition_screen(db, actor, slug, version, page_number(request.query_params.get("page")))
    return page(request, "amendments/disposition.html", tab="amendments", **parts(screen))


def _dashboard(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, values: Sent | None = None, **context: Any
) -> AnyResponse:
    """The negotiation's dashboard; shown again, with the refused form's `values` as they were sent."""
    screen = screens.dashboard_screen(db, actor, slug)
    eids = (values or {}).get("eids", [])
    values = {**(values or {}), "eids": [eids] if isinstance(eids, str) else eids}
    return page(request, "amendments/status.html", tab="amendments", values=values, **parts(screen), **context)


def _status_again(eid: str, **context: Any) -> AnyResponse:
    return _dashboard(**context, failed_form=f"status-{eid}")


def _back_to_dashboard(slug: str) -> Redirect:
    return see_other(f"/p/{slug}/amendments/status")


@get(BASE + "/status", include_in_schema=False)
def dashboard_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _dashboard(request, db, actor, slug)


@post(BASE + "/status/{eid:str}", include_in_schema=False)
@shown_again(_status_again)
def paragraph_status(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[SetParagraphStatus]
) -> AnyResponse:
    view = amendments.set_paragraph_status(db, actor, slug, eid, data)
    status = label(NEGOTIATION_STATUSES, data.status)
    flash(request, _("Paragraph %(eid)s is now “%(status)s”.", eid=view.ref or eid, status=status))
    return _back_to_dashboard(slug)


@post(BASE + "/status", include_in_schema=False)
@shown_again(functools.partial(_dashboard, failed_form="status-many"))
def paragraph_statuses(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[SetParagraphStatuses]
) -> AnyResponse:
    """The status of the paragraphs ticked in the list, all at once."""
    amendments.set_paragraph_statuses(db, actor, slug, data)
    status = label(NEGOTIATION_STATUSES, data.status)
    flash(
        request,
        ngettext(
            "%(num)s paragraph is now “%(status)s”.",
            "%(num)s paragraphs are now “%(status)s”.",
            len(data.eids),
            status=status,
        ),
    )
    return _back_to_dashboard(slug)


@post(BASE + "/deadline", include_in_schema=False)
@shown_again(functools.partial(_dashboard, failed_form="deadline"))
def deadline(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[SetDeadline], sent: Sent) -> AnyResponse:
    """The deadline of the version the form chose (`version`, beside the command)."""
    amendments.set_deadline(db, actor, slug, str(sent.get("version") or ""), data)
    flash(request, _("The amendment deadline is set."))
    return _back_to_dashboard(slug)


@post(BASE + "/silence", include_in_schema=False)
@shown_again(functools.partial(_dashboard, failed_form="silence"))
def silence(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[StartSilence]) -> AnyResponse:
    amendments.start_silence(db, actor, slug, data)
    flash(request, _("The text is under silence."))
    return _back_to_dashboard(slug)


@post(BASE + "/silence/objection", include_in_schema=False)
@shown_again(functools.partial(_dashboard, failed_form="objection"))
def objection(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[Objection]) -> AnyResponse:
    amendments.object_to_silence(db, actor, slug, data)
    flash(request, _("Your objection is recorded."))
    return _back_to_dashboard(slug)


def _label(ref: str) -> str:
    """An amendment named in a link or a form (7, a7, D3) as people name it ("A7", "D3"); "" if it names none."""
    found = parse_number(ref, amendment=True)
    return found.label(AMENDMENT_MARK) if found is not None else ""


def _numbers(raw: list[str]) -> list[int | str]:
    return [label for n in raw if (label := _label(n))]


def _compromise_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, numbers: list[int | str], **context: Any
) -> AnyResponse:
    screen = screens.compromise_screen(db, actor, slug, numbers)
    return page(request, "amendments/compromise.html", tab="amendments", **parts(screen), **context)


def _compromise_again(values: Sent, **context: Any) -> AnyResponse:
    """The compromise's page again, with the amendments it was to merge and the words typed."""
    named = values.get("amendments") or []
    numbers = _numbers([named] if isinstance(named, str) else named)
    typed = {"text": values.get("text", ""), "reason": values.get("reason", "")}
    return _compromise_page(**context, numbers=numbers, values=typed, failed_form="compromise")


@get(BASE + "/compromise", include_in_schema=False)
def compromise_form(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _compromise_page(
        request,
        db,
        actor,
        slug,
        _numbers(request.query_params.getall("amendment", [])),
        values={"text": "", "reason": ""},
    )


@post(BASE + "/compromise", include_in_schema=False)
@shown_again(_compromise_again)
def compromise(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[Compromise]) -> AnyResponse:
    made = amendments.compromise(db, actor, slug, data)
    flash(request, _("The compromise is applied to the working draft."))
    return see_other(f"/p/{slug}/amendments/{link_ref(made.label)}")


def _detail(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: str, values: Sent | None = None, **context: Any
) -> AnyResponse:
    """An amendment's page; shown again, with the refused form's `values` (the edit's and the decision's)."""
    screen = screens.amendment_screen(db, actor, slug, number)
    values = {"decision": "accepted", "reason": "", **(values or {})}
    return screen_page(
        request, "amendments/detail.html", "amendments", screen, amendment=screen.amendment, values=values, **context
    )


def _acted_again(form: str) -> Callable[..., AnyResponse]:
    """An amendment's page again after its form `form` was refused (its values kept only by the edit's form)."""

    def again(values: Sent, **context: Any) -> AnyResponse:
        kept = {"text": values.get("text") or "", "rationale": values.get("rationale", "")} if form == "edit" else {}
        return _detail(**context, values=kept, failed_form=form)

    return again


def _decision_again(values: Sent, **context: Any) -> AnyResponse:
    typed = {
        "decision": values.get("decision", ""),
        "reason": values.get("reason", ""),
        "decided_text": values.get("text", ""),
    }
    return _detail(**context, values=typed, failed_form="decision")


def _back_to(slug: str, number: str) -> Redirect:
    return see_other(f"/p/{slug}/amendments/{link_ref(_label(number)) or number}")


@get(BASE + "/{number:str}", include_in_schema=False)
def amendment_detail(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath) -> AnyResponse:
    return _detail(request, db, actor, slug, number)


@post(BASE + "/{number:str}/edit", include_in_schema=False)
@shown_again(_acted_again("edit"))
def amendment_edit(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath, data: Form[EditAmendment]
) -> AnyResponse:
    amendments.edit(db, actor, slug, number, data)
    flash(request, _("Amendment %(label)s is saved.", label=_label(number)))
    return _back_to(slug, number)


@post(BASE + "/{number:str}/cosponsor", include_in_schema=False)
@shown_again(_acted_again("cosponsor"))
def amendment_cosponsor(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath) -> AnyResponse:
    amendments.cosponsor(db, actor, slug, number)
    flash(request, _("You co-sponsor amendment %(label)s.", label=_label(number)))
    return _back_to(slug, number)


@post(BASE + "/{number:str}/withdraw", include_in_schema=False)
@shown_again(_acted_again("withdraw"))
def amendment_withdraw(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath) -> AnyResponse:
    amendments.withdraw(db, actor, slug, number)
    flash(request, _("Amendment %(label)s is withdrawn.", label=_label(number)))
    return _back_to(slug, number)


@post(BASE + "/{number:str}/refresh", include_in_schema=False)
@shown_again(_acted_again("refresh"))
def amendment_refresh(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath, data: Form[EditAmendment]
) -> AnyResponse:
    """Onto the current text: with the wording typed, or (none typed) the rebased one."""
    amendments.refresh(db, actor, slug, number, data if data.text else EditAmendment())
    flash(request, _("Amendment %(label)s now stands on the current text.", label=_label(number)))
    return _back_to(slug, number)


@post(BASE + "/{number:str}/reopen", include_in_schema=False)
@shown_again(_acted_again("reopen"))
def amendment_reopen(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath) -> AnyResponse:
    amendments.reopen_amendment(db, actor, slug, number)
    flash(
        request,
        _(
            "Amendment %(label)s is open again; what accepting it changed in the working draft is undone.",
            label=_label(number),
        ),
    )
    return _back_to(slug, number)


@post(BASE + "/{number:str}/decision", include_in_schema=False)
@shown_again(_decision_again)
def amendment_decide(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath, data: Form[DecideAmendment]
) -> AnyResponse:
    amendments.decide_amendment(db, actor, slug, number, data)
    decision = label(AMENDMENT_STATUSES, data.decision)
    flash(request, _("Decision on %(label)s recorded: %(decision)s.", label=_label(number), decision=decision))
    return _back_to(slug, number)
