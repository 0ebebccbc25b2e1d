"""Amendment pages: the list and triage queue, proposing with a preview, one amendment with its
actions (co-sponsor, withdraw, refresh, decide), compromise, compilation, disposition, dashboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.response import Redirect

from ...domain.amendments.amendment_commands import (
    Compromise,
    DecideAmendment,
    DecideInOrder,
    EditAmendment,
    Objection,
    ProposeAmendment,
    SetParagraphStatus,
    SetParagraphStatuses,
)
from ...domain.amendments.votes import Vote
from ...domain.errors import Conflict, InvalidInput
from ...domain.paging import page_number
from ...domain.series import AMENDMENT_MARK, link_ref, parse_number
from ...i18n import gettext as _
from ...i18n import ngettext
from ...services import amendments
from ...services.actor import Actor
from ...services.screens import amendments as screens
from ...services.unit import Unit
from ..http import AnyRequest, AnyResponse
from ..labels import AMENDMENT_STATUSES, NEGOTIATION_STATUSES, label
from ..params import Db, Eid, FromPath, FromQuery, Slug, Who
from ..routes import get, post
from .common import failure, flash, page
from .forms import Form, Many, PageForm, many, see_other

BASE = "/p/{slug:str}/amendments"
Number = FromPath[str]
Query = FromQuery[str | None]
# What a refused form gives back to the page: the status, the message, the field (not a 500).
REFUSED = (InvalidInput, Conflict)

Voting = dict[str, str]
"""The voting list: each amendment's fields named by its label ("decision-A7", "order-A7", "reason-A7")."""


class ProposeForm(PageForm):
    version: str = ""
    eid: str = ""
    kind: str = ""
    text: str = ""
    rationale: str = ""
    paragraph_kind: str = ""
    lang: str = ""  # the edition the wording is written in ("": the source's)
    action: str = ""  # "propose"; "preview", or another paragraph or version chosen


class StatusForm(PageForm):
    status: str = ""
    note: str = ""


class StatusesForm(StatusForm):
    eids: Many = many()


class DeadlineForm(PageForm):
    version: str = ""
    deadline: str = ""


class TextForm(PageForm):
    text: str = ""


class CompromiseForm(PageForm):
    amendment: Many = many()
    text: str = ""
    reason: str = ""


class EditForm(PageForm):
    text: str | None = None  # absent: the amendment's text stays as it is
    rationale: str = ""


class DecisionForm(PageForm):
    decision: str = ""
    reason: str = ""
    text: str = ""


def _list(
    request: AnyRequest, db: Unit, actor: Actor | None, slug: str, status: int = 200, **context: Any
) -> AnyResponse:
    query = {k: request.query_params.get(k) or None for k in ("version", "status", "eid", "proposer", "delegation")}
    screen = screens.list_screen(db, actor, slug, **query, page=page_number(request.query_params.get("page")))
    return page(
        request,
        "amendments/list.html",
        status,
        tab="amendments",
        process=screen.process,
        versions=screen.versions,
        amendments=screen.amendments,
        counts=screen.counts,
        query=query,
        window=screen.window,
        delegations=screen.delegations,
        **context,
    )


@get(BASE, include_in_schema=False)
def amendment_list(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _list(request, db, actor, slug)


def _propose_page(
    request: AnyRequest,
    db: Unit,
    actor: Actor | None,
    slug: str,
    form: dict[str, str],
    status: int = 200,
    preview: bool = False,
    **context: Any,
) -> AnyResponse:
    screen = screens.propose_screen(
        db,
        actor,
        slug,
        form.get("version") or None,
        form.get("eid") or None,
        form.get("text") if preview and form.get("kind", "modify") == "modify" else None,
        form.get("lang") or None,
    )
    if screen.paragraph is not None and not form.get("text") and form.get("kind", "modify") == "modify":
        form = {**form, "text": screen.paragraph.text}  # one edits the paragraph as it reads
    return page(
        request,
        "amendments/new.html",
        status,
        tab="amendments",
        process=screen.process,
        screen=screen,
        values=form,
        **context,
    )


def _voting(
    request: AnyRequest, db: Unit, actor: Actor | None, slug: str, status: int = 200, **context: Any
) -> AnyResponse:
    screen = screens.voting_screen(db, actor, slug, page_number(request.query_params.get("page")))
    context.setdefault("values", {})
    return page(
        request,
        "amendments/voting.html",
        status,
        tab="amendments",
        process=screen.process,
        amendments=screen.amendments,
        window=screen.window,
        **context,
    )


@get(BASE + "/voting", include_in_schema=False)
def voting_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    """The open amendments as a voting list: a decision and a reason for each, taken in the order given."""
    return _voting(request, db, actor, slug)


def _vote_of(data: Voting, label: str) -> Vote | None:
    """The counts typed beside a decision ("for-A7", "against-A7", "abstain-A7"): a vote if any is given."""
    typed = {ballot: data.get(f"{ballot}-{label}", "").strip() for ballot in ("for", "against", "abstain")}
    if not any(typed.values()):
        return None
    counts = {b: _count(v) for b, v in typed.items()}
    return Vote.build(counts["for"], counts["against"], counts["abstain"])


def _count(typed: str) -> object:
    """A typed count as a whole number where it reads as one (ASCII digits, a few of them); anything else as typed,
    for the vote to refuse with its reason ("²" or a 5,000-digit number would make int() fail: a 500)."""
    if not typed:
        return None
    return int(typed) if typed.isascii() and typed.isdigit() and len(typed) <= 9 else typed


@post(BASE + "/voting", include_in_schema=False)
def voting_decide(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[Voting]) -> AnyResponse | Redirect:
    # Each amendment's fields are named by its label ("decision-A7", "decision-D3"; "decision-7" is A7).
    numbers = {
        key[9:]: ref
        for key, value in data.items()
        if key.startswith("decision-") and value and (ref := parse_number(key[9:], amendment=True)) is not None
    }
    place = {n: data.get(f"order-{n}", "") for n in numbers}
    ordered = sorted(numbers, key=lambda n: (int(place[n]) if place[n].isdigit() else 10**9, numbers[n]))
    values = {key: value for key, value in data.items() if key != "_csrf_token"}
    try:
        done = amendments.decide_amendments(
            db,
            actor,
            slug,
            DecideInOrder.build(
                [(n, data[f"decision-{n}"], data.get(f"reason-{n}", ""), None) for n in ordered],
                [_vote_of(data, n) for n in ordered],
            ),
        )
    except REFUSED as exc:
        return _voting(request, db, actor, slug, **failure(exc), failed_form="voting", values=values)
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
    return _propose_page(
        request,
        db,
        actor,
        slug,
        {"version": version or "", "eid": eid or "", "kind": kind or "modify", "lang": lang or ""},
    )


@post(BASE + "/new", include_in_schema=False)
def amendment_propose(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[ProposeForm]
) -> AnyResponse | Redirect:
    form = {key: value for key, value in data.values().items() if key != "action"}
    if data.action != "propose":  # "preview", or another paragraph or version chosen
        return _propose_page(request, db, actor, slug, form, preview=True)
    try:
        made = amendments.propose(
            db,
            actor,
            slug,
            ProposeAmendment.build(
                form["version"],
                form["eid"],
                form["kind"],
                form["text"],
                form["rationale"],
                form["paragraph_kind"] or None,
                lang=form["lang"] or None,
            ),
        )
    except REFUSED as exc:
        return _propose_page(request, db, actor, slug, form, preview=True, **failure(exc), failed_form="propose")
    flash(request, _("Amendment %(label)s proposed.", label=made.label))
    return see_other(f"/p/{slug}/amendments/{link_ref(made.label)}")


@get(BASE + "/compilation", include_in_schema=False)
def compilation_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, version: Query = None) -> AnyResponse:
    screen = screens.compilation_screen(
        db, actor, slug, version, page_number(request.query_params.get("page")), request.query_params.get("at") or None
    )
    return page(
        request,
        "amendments/compilation.html",
        tab="amendments",
        process=screen.process,
        versions=screen.versions,
        compilation=screen.compilation,
        window=screen.window,
    )


@get(BASE + "/disposition", include_in_schema=False)
def disposition_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, version: Query = None) -> AnyResponse:
    screen = screens.disposition_screen(db, actor, slug, version, page_number(request.query_params.get("page")))
    return page(
        request,
        "amendments/disposition.html",
        tab="amendments",
        process=screen.process,
        versions=screen.versions,
        version=screen.version,
        rows=screen.rows,
        window=screen.window,
    )


def _dashboard(
    request: AnyRequest, db: Unit, actor: Actor | None, slug: str, status: int = 200, **context: Any
) -> AnyResponse:
    screen = screens.dashboard_screen(db, actor, slug)
    return page(
        request,
        "amendments/status.html",
        status,
        tab="amendments",
        process=screen.process,
        versions=screen.versions,
        dashboard=screen.dashboard,
        **context,
    )


@get(BASE + "/status", include_in_schema=False)
def dashboard_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _dashboard(request, db, actor, slug)


def _on_dashboard(
    request: AnyRequest,
    db: Unit,
    actor: Actor | None,
    slug: str,
    form: str,
    act: Any,
    done: str | Callable[[Any], str],
    values: dict[str, str],
) -> AnyResponse | Redirect:
    """Run one of the dashboard's forms; a refusal shows the dashboard with the form's message. `done`: what the
    flash says, or what it says of what the form did."""
    try:
        result = act()
    except REFUSED as exc:
        return _dashboard(request, db, actor, slug, **failure(exc), failed_form=form, values=values)
    flash(request, done(result) if callable(done) else done)
    return see_other(f"/p/{slug}/amendments/status")


@post(BASE + "/status/{eid:str}", include_in_schema=False)
def paragraph_status(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[StatusForm]
) -> AnyResponse | Redirect:
    form = data.values()
    return _on_dashboard(
        request,
        db,
        actor,
        slug,
        f"status-{eid}",
        lambda: amendments.set_paragraph_status(
            db, actor, slug, eid, SetParagraphStatus.build(form["status"], form["note"])
        ),
        lambda view: _(
            "Paragraph %(eid)s is now “%(status)s”.",
            eid=view.ref or eid,
            status=label(NEGOTIATION_STATUSES, form["status"]),
        ),
        form,
    )


@post(BASE + "/status", include_in_schema=False)
def paragraph_statuses(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[StatusesForm]
) -> AnyResponse | Redirect:
    """The status of the paragraphs ticked in the list, all at once."""
    form = data.values()
    eids = data.eids

    def act() -> Any:
        return amendments.set_paragraph_statuses(
            db, actor, slug, SetParagraphStatuses.build(eids, form["status"], form["note"])
        )

    return _on_dashboard(
        request,
        db,
        actor,
        slug,
        "status-many",
        act,
        ngettext(
            "%(num)s paragraph is now “%(status)s”.",
            "%(num)s paragraphs are now “%(status)s”.",
            len(eids),
            status=label(NEGOTIATION_STATUSES, form["status"]),
        ),
        form,
    )


@post(BASE + "/deadline", include_in_schema=False)
def deadline(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[DeadlineForm]) -> AnyResponse | Redirect:
    form = data.values()
    return _on_dashboard(
        request,
        db,
        actor,
        slug,
        "deadline",
        lambda: amendments.set_deadline(db, actor, slug, form["version"], form["deadline"]),
        _("The amendment deadline is set."),
        form,
    )


@post(BASE + "/silence", include_in_schema=False)
def silence(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[DeadlineForm]) -> AnyResponse | Redirect:
    form = data.values()
    return _on_dashboard(
        request,
        db,
        actor,
        slug,
        "silence",
        lambda: amendments.start_silence(db, actor, slug, form["version"], form["deadline"]),
        _("The text is under silence."),
        form,
    )


@post(BASE + "/silence/objection", include_in_schema=False)
def objection(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[TextForm]) -> AnyResponse | Redirect:
    form = data.values()
    return _on_dashboard(
        request,
        db,
        actor,
        slug,
        "objection",
        lambda: amendments.object_to_silence(db, actor, slug, Objection.build(form["text"])),
        _("Your objection is recorded."),
        form,
    )


def _label(ref: str) -> str:
    """An amendment named in a link or a form (7, a7, D3) as people name it ("A7", "D3"); "" if it names none."""
    found = parse_number(ref, amendment=True)
    return found.label(AMENDMENT_MARK) if found is not None else ""


def _numbers(raw: list[str]) -> list[int | str]:
    return [label for n in raw if (label := _label(n))]


def _compromise_page(
    request: AnyRequest,
    db: Unit,
    actor: Actor | None,
    slug: str,
    numbers: list[int | str],
    status: int = 200,
    **context: Any,
) -> AnyResponse:
    screen = screens.compromise_screen(db, actor, slug, numbers)
    return page(
        request,
        "amendments/compromise.html",
        status,
        tab="amendments",
        process=screen.process,
        amendments=screen.amendments,
        **context,
    )


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
def compromise(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[CompromiseForm]
) -> AnyResponse | Redirect:
    numbers = _numbers(data.amendment)
    form = {"text": data.text, "reason": data.reason}
    try:
        made = amendments.compromise(db, actor, slug, Compromise.build(numbers, form["text"], form["reason"]))
    except REFUSED as exc:
        return _compromise_page(
            request, db, actor, slug, numbers, **failure(exc), failed_form="compromise", values=form
        )
    flash(request, _("The compromise is applied to the working draft."))
    return see_other(f"/p/{slug}/amendments/{link_ref(made.label)}")


def _detail(
    request: AnyRequest, db: Unit, actor: Actor | None, slug: str, number: str, status: int = 200, **context: Any
) -> AnyResponse:
    screen = screens.amendment_screen(db, actor, slug, number)
    a = screen.amendment
    context.setdefault("values", {"decision": "accepted", "reason": ""})
    return page(
        request,
        "amendments/detail.html",
        status,
        tab="amendments",
        process=screen.process,
        screen=screen,
        amendment=a,
        **context,
    )


@get(BASE + "/{number:str}", include_in_schema=False)
def amendment_detail(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number) -> AnyResponse:
    return _detail(request, db, actor, slug, number)


def _act(
    request: AnyRequest,
    db: Unit,
    actor: Actor | None,
    slug: str,
    number: str,
    form: str,
    act: Any,
    done: str,
    values: dict[str, str] | None = None,
) -> AnyResponse | Redirect:
    """One of an amendment's actions; a refusal (409 with the conflict, 422) shows it on its page."""
    try:
        act()
    except REFUSED as exc:
        extra: dict[str, Any] = {"values": values} if values is not None else {}
        return _detail(request, db, actor, slug, number, **failure(exc), failed_form=form, **extra)
    flash(request, done)
    return see_other(f"/p/{slug}/amendments/{link_ref(_label(number)) or number}")


@post(BASE + "/{number:str}/edit", include_in_schema=False)
def amendment_edit(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Form[EditForm]
) -> AnyResponse | Redirect:
    form = {"text": data.text or "", "rationale": data.rationale}
    text = data.text
    return _act(
        request,
        db,
        actor,
        slug,
        number,
        "edit",
        lambda: amendments.edit(db, actor, slug, number, EditAmendment.build(text, form["rationale"])),
        _("Amendment %(label)s is saved.", label=_label(number)),
        {**form, "decision": "accepted", "reason": ""},
    )


@post(BASE + "/{number:str}/cosponsor", include_in_schema=False)
def amendment_cosponsor(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number) -> AnyResponse | Redirect:
    return _act(
        request,
        db,
        actor,
        slug,
        number,
        "cosponsor",
        lambda: amendments.cosponsor(db, actor, slug, number),
        _("You co-sponsor amendment %(label)s.", label=_label(number)),
    )


@post(BASE + "/{number:str}/withdraw", include_in_schema=False)
def amendment_withdraw(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number) -> AnyResponse | Redirect:
    return _act(
        request,
        db,
        actor,
        slug,
        number,
        "withdraw",
        lambda: amendments.withdraw(db, actor, slug, number),
        _("Amendment %(label)s is withdrawn.", label=_label(number)),
    )


@post(BASE + "/{number:str}/refresh", include_in_schema=False)
def amendment_refresh(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Form[TextForm]
) -> AnyResponse | Redirect:
    text = data.text or None
    return _act(
        request,
        db,
        actor,
        slug,
        number,
        "refresh",
        lambda: amendments.refresh(db, actor, slug, number, EditAmendment.build(text)),
        _("Amendment %(label)s now stands on the current text.", label=_label(number)),
    )


@post(BASE + "/{number:str}/reopen", include_in_schema=False)
def amendment_reopen(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number) -> AnyResponse | Redirect:
    return _act(
        request,
        db,
        actor,
        slug,
        number,
        "reopen",
        lambda: amendments.reopen_amendment(db, actor, slug, number),
        _(
            "Amendment %(label)s is open again; what accepting it changed in the working draft is undone.",
            label=_label(number),
        ),
    )


@post(BASE + "/{number:str}/decision", include_in_schema=False)
def amendment_decide(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Form[DecisionForm]
) -> AnyResponse | Redirect:
    form = data.values()
    wording = form["text"] if form["decision"] == "accepted_as_modified" else None

    def act() -> Any:
        return amendments.decide_amendment(
            db, actor, slug, number, DecideAmendment.build(form["decision"], form["reason"], wording)
        )

    return _act(
        request,
        db,
        actor,
        slug,
        number,
        "decision",
        act,
        _(
            "Decision on %(label)s recorded: %(decision)s.",
            label=_label(number),
            decision=label(AMENDMENT_STATUSES, form["decision"]),
        ),
        {"decision": form["decision"], "reason": form["reason"], "decided_text": form["text"]},
    )


HANDLERS = [
    amendment_list,
    amendment_new,
    amendment_propose,
    compilation_page,
    disposition_page,
    dashboard_page,
    voting_page,
    voting_decide,
    paragraph_status,
    paragraph_statuses,
    deadline,
    silence,
    objection,
    compromise_form,
    compromise,
    amendment_detail,
    amendment_edit,
    amendment_cosponsor,
    amendment_withdraw,
    amendment_refresh,
    amendment_decide,
    amendment_reopen,
]
