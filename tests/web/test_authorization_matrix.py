"""Every route of the app × every kind of person, by real requests, against one table of rules.

The routes are read from the app's own route table (API and pages, every method; only the
`/schema` documentation and `/static` files are left out), so a new route without an entry in
TABLE fails `test_the_table_names_every_route_of_the_app`. Each entry names a rule (RULES) that
says, for each person, what they get: the route's success, 403 (a member whose role may not),
404 (an outsider: nothing tells them the process exists), a sign-in (401 in the API, a redirect
to /signin on pages) or 409 (versions never change).

Outsiders, the committee of another process included, get exactly the answer they would get for a
process that does not exist, body and language included; so does an anonymous visitor. Every
refused write writes nothing. One app and one populated database per backend serve the whole
matrix: each allowed write works on something made fresh for it (`prepare`) or is idempotent.

What a route answers also depends on what it lists: the activity (API and page) and the live events carry each
person exactly the entries whose audience they are in (domain.processes.audience), read for one entry of every kind.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import anyio
import pytest
from bs4 import BeautifulSoup
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import func, select, text

from tests.conftest import PASSWORD, SESSION, SESSION_JSON, join
from tests.integration.support import QUICK_HASHER, state
from workspace.domain.amendments.amendment_commands import DecideAmendment, ProposeAmendment, StartSilence
from workspace.domain.comments.comment_commands import CommentText, OpenThread
from workspace.domain.consultations.consultation_commands import RecommendationFields
from workspace.domain.consultations.consultations import MemberChange, MemberDraft, ProcessDraft
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate, EditParagraph
from workspace.domain.declaration.document import revision_id
from workspace.domain.delegations.delegations import AddDelegation
from workspace.domain.errors import Conflict
from workspace.domain.meetings.meetings import (
    AskFloor,
    OpenSlot,
    OpenVote,
    ScheduleMeeting,
    SetMeetingState,
    VoteOn,
)
from workspace.domain.processes.audience import AUDIENCES, Readers, audience_of, hidden_kinds, reads
from workspace.domain.submissions.submissions import OpenWindow, Submit
from workspace.domain.translations.terms import ProposeTerm, RejectProposal
from workspace.domain.translations.translations import SaveTranslation
from workspace.domain.webhooks import AddWebhook
from workspace.renderers.compilation_docx import compilation_docx
from workspace.services import (
    accounts,
    amendments,
    brackets,
    comments,
    consultations,
    delegations,
    meetings,
    pace,
    positions,
    processes,
    publication,
    submissions,
    translations,
    webhooks,
)
from workspace.services.access import record
from workspace.services.accounts import password_resets
from workspace.services.accounts.random_ids import new_secret
from workspace.services.actor import SYSTEM, Actor
from workspace.services.amendments import rendering_exchange
from workspace.services.declaration import coverage, draft
from workspace.services.notifications.outward import Outward
from workspace.services.processes.activity import NUMBERING
from workspace.settings import Settings
from workspace.store.models import Activity, MailMessage, PasswordReset, Process
from workspace.store.types import utcnow
from workspace.web.app import create_app
from workspace.web.responses import DOCX

SLUG, MISSING, OTHER = "kutahya", "nowhere", "otro"
ACTORS = ("anonymous", "stranger", "observer", "translator", "member", "committee", "admin")
"""Nobody signed in; the committee of another process; the four roles of the process; a global admin."""

OK, REFUSED, HIDDEN, SIGN_IN, IMMUTABLE = "ok", "403", "404", "sign in", "409"
_ROLES = ("observer", "translator", "member", "committee")
RULES: dict[str, dict[str, str]] = {
    "public": dict.fromkeys(ACTORS, OK),
    "signed in": {**dict.fromkeys(ACTORS, OK), "anonymous": SIGN_IN},
    "read": {"anonymous": SIGN_IN, "stranger": HIDDEN, **dict.fromkeys(_ROLES, OK), "admin": OK},
    "member write": {
        "anonymous": SIGN_IN,
        "stranger": HIDDEN,
        "observer": REFUSED,
        "translator": REFUSED,
        "member": OK,
        "committee": OK,
        "admin": OK,
    },
    "committee": {
        "anonymous": SIGN_IN,
        "stranger": HIDDEN,
        **dict.fromkeys(_ROLES, REFUSED),
        "committee": OK,
        "admin": OK,
    },
    "immutable": {"anonymous": SIGN_IN, "stranger": HIDDEN, **dict.fromkeys(_ROLES, IMMUTABLE), "admin": IMMUTABLE},
    # Account administration: global administrators only.
    "admin": {**dict.fromkeys(ACTORS, REFUSED), "anonymous": SIGN_IN, "admin": OK},
    # Deleting a process: global administrators only; its committee is refused, anyone else learns nothing.
    "delete": {"anonymous": SIGN_IN, "stranger": HIDDEN, **dict.fromkeys(_ROLES, REFUSED), "admin": OK},
    # Changing an amendment: its proposer (here the member) only.
    "proposer": {
        "anonymous": SIGN_IN,
        "stranger": HIDDEN,
        **dict.fromkeys(_ROLES, REFUSED),
        "member": OK,
        "admin": REFUSED,
    },
    # An invitation link: the key is the link itself; accepting it signed in needs the invited address.
    "link": dict.fromkeys(ACTORS, OK),
    "accept": {**dict.fromkeys(ACTORS, REFUSED), "anonymous": SIGN_IN},
    "join": {**dict.fromkeys(ACTORS, REFUSED), "anonymous": OK},  # the page: a new account, or the invited address
    # Translating into French: the committee, and the translator (of French only).
    "translate": {
        "anonymous": SIGN_IN,
        "stranger": HIDDEN,
        "observer": REFUSED,
        "translator": OK,
        "member": REFUSED,
        "committee": OK,
        "admin": OK,
    },
    # The public pages of a process that has published nothing: there is nothing there, for anyone.
    "unpublished": dict.fromkeys(ACTORS, HIDDEN),
    # Operations: /metrics answers only the bearer of ACCORD_METRICS_TOKEN (unset here), to no account, as an unknown
    # address does (tests/web/test_metrics.py tries the token).
    "operators": dict.fromkeys(ACTORS, HIDDEN),
    # Sign-in with the organisation's accounts, not configured here: its pages are not there, for anyone
    # (tests/web/test_oidc_sign_in.py signs in through a real OpenID provider).
    "no provider": dict.fromkeys(ACTORS, HIDDEN),
    # The administration's door (/admin): an administrator goes in; for anyone else there is no such page.
    "admin door": {**dict.fromkeys(ACTORS, HIDDEN), "admin": OK},
    # Discussing the text: everyone but observers.
    "comment": {
        "anonymous": SIGN_IN,
        "stranger": HIDDEN,
        "observer": REFUSED,
        "translator": OK,
        "member": OK,
        "committee": OK,
        "admin": OK,
    },
}


@dataclass
class Send:
    """What one request carries besides the process: other path parameters, a query, a body."""

    params: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] | None = None
    json: Any = None
    form: dict[str, Any] | None = None
    files: dict[str, Any] | None = None
    undo: Callable[[], None] | None = None  # puts back what an allowed request changed for later ones
    content: tuple[str, bytes] | None = None  # a raw body and its content type
    headers: dict[str, str] | None = None  # more headers (a page's script sends its CSRF token in one)


@dataclass
class Scene:
    """The populated process and its people; `fresh_*` make a new target for one write."""

    app: Litestar
    people: dict[str, Actor]
    tokens: dict[str, str]
    jars: dict[str, Any]
    session: str
    member_rec: str
    committee_rec: str
    eid: str
    client: Any = None
    counter: Iterator[int] = field(default_factory=itertools.count)

    @property
    def store(self) -> Any:
        return self.app.state.db

    @property
    def committee(self) -> Actor:
        return self.people["committee"]

    def n(self) -> int:
        return next(self.counter)

    def fresh_paragraph(self) -> tuple[str, str]:
        added = draft.add_paragraph(
            self.store, self.committee, SLUG, AddParagraph(kind="operative", text=f"Párrafo nuevo {self.n()}.")
        )
        return added.eid, added.revision

    def fresh_member(self) -> str:
        email = f"spare{self.n()}@example.org"
        processes.set_member(self.store, self.committee, SLUG, MemberDraft(email=email, role="observer"))
        return email

    def fresh_token(self, actor: str) -> int:
        who = self.people.get(actor, self.committee)
        return accounts.create_token(self.store, who, f"spare {self.n()}").id

    def fresh_account(self) -> str:
        email = f"account{self.n()}@example.org"
        accounts.add_user(self.store, SYSTEM, email, "Cuenta", PASSWORD)
        return email

    def fresh_reset(self) -> str:
        """A live link to choose a new password, for a fresh account: its token."""
        user_id = accounts.add_user(self.store, SYSTEM, f"reset{self.n()}@example.org", "Olvidadiza", PASSWORD).id
        token, hashed = new_secret()
        with self.store.writer() as tx:
            tx.add(PasswordReset(user_id=user_id, token_hash=hashed, expires_at=utcnow() + password_resets.VALID_FOR))
            tx.commit()
        return token

    def fresh_sign_in_link(self) -> str:
        """A live link to sign in, for a fresh account without a password: its token."""
        user_id = accounts.add_user(self.store, SYSTEM, f"link{self.n()}@example.org", "Sin clave", None).id
        token, hashed = new_secret()
        with self.store.writer() as tx:
            tx.add(
                PasswordReset(
                    user_id=user_id,
                    token_hash=hashed,
                    expires_at=utcnow() + password_resets.VALID_FOR,
                    purpose="sign_in",
                )
            )
            tx.commit()
        return token

    def unsubscribe_token(self) -> str:
        """The signed one-click link of the member's mails of publications."""
        settings = self.app.state.settings
        return Outward(settings.public_url, settings.secret_key).unsubscribe_token(
            self.people["member"].id, "publication"
        )

    def fresh_invited(self) -> str:
        """An address with an invitation waiting (to send again)."""
        email = f"waiting{self.n()}@example.org"
        processes.set_member(self.store, self.committee, SLUG, MemberDraft(email=email, role="observer"))
        return email

    def fresh_invitation_mail(self) -> int:
        """The mail of an invitation still waiting, as /admin/mail lists it (to send again): its id."""
        email = self.fresh_invited()
        with self.store.writer() as tx:
            process_id = tx.scalar(select(Process.id).where(Process.slug == SLUG))
            mail = MailMessage(
                process_id=process_id,
                kind="invitation",
                recipient=email,
                locale="es",
                subject="Invitación",
                text="…/invitations/…",
                message_id=f"<invitation{self.n()}@example.org>",
            )
            tx.add(mail)
            tx.commit()
            return mail.id

    def fresh_invitation(self) -> str:
        view = processes.set_member(
            self.store, self.committee, SLUG, MemberDraft(email=f"invited{self.n()}@example.org", role="observer")
        )
        assert view.invitation
        return view.invitation.rsplit("/", 1)[1]

    def fresh_amendment(self, by: str = "proposer") -> int:
        text = f"Nos comprometemos, versión {self.n()}."
        return amendments.propose(
            self.store, self.people[by], SLUG, ProposeAmendment(version="1", eid=self.eid, kind="modify", text=text)
        ).number

    def decided_amendment(self) -> int:
        number = self.fresh_amendment()
        amendments.decide_amendment(
            self.store, self.committee, SLUG, number, DecideAmendment(decision="rejected", reason="No.")
        )
        return number

    def word_file(self) -> bytes:
        """A Word file amending version 1: the compilation of a fresh amendment, as Accord writes it."""
        self.fresh_amendment()
        view = amendments.compilation(self.store, self.committee, SLUG, "1")
        return compilation_docx(view, "Compilación", lambda text: text)

    def edited_paragraph(self) -> tuple[str, str, str]:
        """A paragraph edited once: its eId, its first revision and its current one."""
        eid, first = self.fresh_paragraph()
        now = draft.edit_paragraph(
            self.store, self.committee, SLUG, eid, EditParagraph(base_revision=first, text=f"Cambiado {self.n()}.")
        )
        return eid, first, now.revision

    def fresh_thread(self, by: str = "proposer", resolved: bool = False) -> int:
        made = comments.open_thread(
            self.store, self.people[by], SLUG, OpenThread(version="1", eid=self.eid, body=f"Hilo {self.n()}.")
        )
        if resolved:
            comments.resolve(self.store, self.committee, SLUG, made.id)
        return made.id

    def fresh_bracket(self) -> dict[str, Any]:
        """A new draft paragraph holding a bracket of its own: the bracket's id and the paragraph's revision."""
        n = self.n()
        made = draft.add_paragraph(
            self.store, self.committee, SLUG, AddParagraph(kind="operative", text=f"Decidimos [actuar {n}][obrar {n}].")
        )
        found = brackets.list_brackets(self.store, self.committee, SLUG, version="draft")
        bid = next(b.id for b in found if b.eid == made.eid)
        return {"bracket": bid, "revision": made.revision}

    def open_window(self) -> None:
        """A submission window open now on the whole text (the last one opened is the one proposals go to)."""
        now = utcnow()
        submissions.open_window(
            self.store,
            self.committee,
            SLUG,
            OpenWindow(opens=(now - timedelta(hours=1)).isoformat(), closes=(now + timedelta(hours=1)).isoformat()),
        )

    def archived(self) -> Send:
        """The process archived (if it is not yet), to be taken out of the archive: the refused find it archived,
        the allowed (who come last) leave it in use for the rows after."""
        with contextlib.suppress(Conflict):
            processes.archive_process(self.store, self.committee, SLUG, True)
        return Send()

    def unarchive(self) -> None:
        """The process in use again, after an allowed archiving."""
        processes.archive_process(self.store, self.committee, SLUG, False)

    def doomed(self, actor: str, page: bool = False) -> Send:
        """The matrix's process, its slug confirmed, for those refused; for the administrator (who comes last), a new
        process of its own to delete."""
        body = {"confirm": SLUG}
        if actor != "admin":
            return Send(**({"form": body} if page else {"json": body}))
        slug = f"borrar-{self.n()}"
        doomed = ProcessDraft(slug=slug, titles={"es": "Para borrar"}, source_language="es")
        processes.create_process(self.store, self.committee, doomed)
        body = {"confirm": slug}
        return Send(params={"slug": slug}, **({"form": body} if page else {"json": body}))

    def foreign_submission(self, page: bool = False) -> Send:
        """A proposal of ARG written in French (a new paragraph: no French paragraph needed), in a window open now,
        and the body that renders it into Spanish."""
        self.open_window()
        made = submissions.submit(
            self.store,
            self.committee,
            SLUG,
            Submit(
                kind="insert", text=f"Un nouveau paragraphe {self.n()}.", after=self.eid, delegation="ARG", lang="fr"
            ),
        )
        body = {"text": f"Un párrafo nuevo {self.n()}.", "base_revision": made.source_revision}
        return Send(params={"number": made.number}, **({"form": body} if page else {"json": body}))

    def fresh_delegation(self) -> str:
        """A delegation that has done nothing yet: its code."""
        code = f"D{self.n()}"
        delegations.add_delegation(
            self.store, self.committee, SLUG, AddDelegation(code=code, names={"es": f"Delegación {code}"})
        )
        return code

    def fresh_comment(self, by: str = "member") -> int:
        return self.commented(by)["comment_id"]

    def commented(self, by: str = "member") -> dict[str, int]:
        """A new thread with a comment of `by`: the path parameters of that comment."""
        number = self.fresh_thread()
        return {
            "number": number,
            "comment_id": comments.add_comment(
                self.store, self.people[by], SLUG, number, CommentText(body=f"Comentario {self.n()}.")
            ).id,
        }

    def fresh_translation(self, state: str = "translated") -> str:
        """A new draft paragraph with a French translation: its eId."""
        eid, revision = self.fresh_paragraph()
        translations.save_translation(
            self.store,
            self.committee,
            SLUG,
            "fr",
            eid,
            SaveTranslation(text=f"Paragraphe {self.n()}.", source_revision=revision, state=state),
            "draft",
        )
        return eid

    def rendering(self, page: bool = False) -> Send:
        """A fresh amendment of version 1 and, its paragraph translated into French there, its French rendering."""
        number = self.fresh_amendment()
        row = next(
            r for r in translations.list_translations(self.store, self.committee, SLUG, "fr", "1") if r.eid == self.eid
        )
        if row.state in ("missing", "outdated"):
            row = translations.save_translation(
                self.store,
                self.committee,
                SLUG,
                "fr",
                self.eid,
                SaveTranslation(text="Nous nous engageons.", source_revision=row.source_revision, state="translated"),
                "1",
            )
        body = {
            "text": f"Nous nous engageons, version {self.n()}.",
            "state": "rendered",
            "base_revision": revision_id(row.text),
        }
        return Send(params={"number": number, "lang": "fr"}, **({"form": body} if page else {"json": body}))

    def translating(self) -> dict[str, Any]:
        """A new draft paragraph to translate into French: the form or body that saves it."""
        eid, revision = self.fresh_paragraph()
        return {
            "eid": eid,
            "body": {"text": f"Paragraphe {self.n()}.", "source_revision": revision, "state": "translated"},
        }

    def fresh_link(self) -> str:
        rec = consultations.add_recommendation(
            self.store, self.committee, SLUG, self.session, RecommendationFields(text="Vinculada")
        ).ref
        coverage.link_recommendation(self.store, self.committee, SLUG, rec, self.eid)
        return rec


Prepare = Callable[[Scene, str], Send]


def nothing_to_prepare(scene: Scene, actor: str) -> Send:
    return Send()


@dataclass(frozen=True)
class Case:
    rule: str
    prepare: Prepare = nothing_to_prepare
    ok: int | None = None  # the status of success, when not the handler's own (pages: 200 for GET, 303 for POST)


HOOK = {"url": "https://93.184.216.34/hooks", "kinds": ["version.circulated"]}  # a public address, no name to resolve


def _webhook(s: Scene, process: bool = True) -> int:
    """A webhook to act on: the process's (made by its committee) or the instance's (by the system)."""
    made = webhooks.add_webhook(
        s.store, s.committee if process else SYSTEM, SLUG if process else None, AddWebhook(**HOOK), False
    )
    return made.id


def _leftover(s: Scene) -> str:
    """The key of the footnote marker Rev.1 never defines: a leftover the committee may keep, kept or not now."""
    gate = publication.check_gate(s.store, s.committee, SLUG, "2")
    return next(b.leftover for b in [*gate.blockers, *gate.kept] if b.leftover)


# -- bodies ------------------------------------------------------------------------------------
TITLES = {"es": "Declaración de Kütahya", "en": "Kütahya Declaration", "fr": "Déclaration de Kütahya"}
SETTINGS = {
    "source_language": "es",
    "languages": ["es", "en", "fr"],
    "timezone": "Europe/Istanbul",
    "place": "Kütahya",
    "phase": "consultation",
}
SESSION_FORM = {
    "title": SESSION.title,
    "starts_at": "2021-05-26T09:55",
    "ends_at": "2021-05-26T11:25",
    "timezone": "UTC\u221203:00",
    "platform": "Zoom",
    "languages": ["es", "en"],
    "capacity": "150",
    "theme": "El territorio",
    "summary": "Resumen.",
}
NOTE = (
    '---\ntitle: "Agua"\nstarts_at: "2021-10-07T10:00:00+03:00"\nends_at: "2021-10-07T11:00:00+03:00"\n---\nResumen.\n'
)
VERSION_FILE = "# Declaración {#hdg_1}\n\n1. Nos comprometemos a actuar. {#op_1}\n"
MEMBER_REC = {"text": "Del miembro", "author": "Ana", "organisation": "", "themes": "agua", "language": "es"}


def voting_list(scene: Scene) -> Send:
    number = scene.fresh_amendment()
    return Send(form={f"decision-{number}": "rejected", f"reason-{number}": "No."})


def note(scene: Scene, actor: str) -> tuple[str, bytes, str]:
    return (f"nota-{scene.n()}.md", NOTE.encode(), "text/markdown")


def edit_paragraph(scene: Scene, actor: str, page: bool) -> Send:
    eid, revision = scene.fresh_paragraph()
    body = {"text": f"Texto cambiado {scene.n()}.", "base_revision": revision}
    return Send(params={"eid": eid}, form=body) if page else Send(params={"eid": eid}, json=body)


def delete_paragraph(scene: Scene, actor: str, page: bool) -> Send:
    eid, revision = scene.fresh_paragraph()
    return (
        Send(params={"eid": eid}, form={"base_revision": revision})
        if page
        else Send(params={"eid": eid}, query={"base_revision": revision})
    )


def circulate(scene: Scene, actor: str, page: bool) -> Send:
    scene.fresh_paragraph()  # a draft that changed since the last version
    label = {"label": f"Rev.{scene.n()}"}
    return Send(form=label) if page else Send(json=label)


def restore_paragraph(scene: Scene, actor: str, page: bool) -> Send:
    eid, first, now = scene.edited_paragraph()
    body = {"revision": first, "base_revision": now}
    return Send(params={"eid": eid}, form=body) if page else Send(params={"eid": eid}, json=body)


def save_translation(scene: Scene, actor: str, page: bool) -> Send:
    t = scene.translating()
    if page:
        return Send(
            params={"eid": t["eid"]},
            form={
                "text": t["body"]["text"],
                "source_revision": t["body"]["source_revision"],
                "version": "draft",
                "state": "translated",
            },
        )
    return Send(params={"eid": t["eid"]}, query={"version": "draft"}, json=t["body"])


def import_translation(scene: Scene, actor: str, page: bool = False) -> Send:
    t = scene.translating()
    body = f"1. {t['body']['text']} {{#{t['eid']}}}\n".encode()  # an operative paragraph, as its source
    if page:
        return Send(form={"version": "draft"}, files={"file": ("fr.md", body, "text/markdown")})
    return Send(query={"version": "draft", "filename": "fr.md"}, content=("text/markdown", body))


def fresh_proposal(scene: Scene) -> int:
    """A term proposed for the glossary by the (French) translator, waiting for a decision: its id."""
    return translations.propose_term(
        scene.store,
        scene.people["translator"],
        SLUG,
        ProposeTerm(source=f"término propuesto {scene.n()}", translations={"fr": "terme"}),
    ).id


def position_form(scene: Scene) -> Send:
    """Argentina's position on the version's paragraph, based on the revision stored now (as the page shows it)."""
    held = positions.list_positions(scene.store, scene.committee, SLUG, eid=scene.eid, delegation="ARG")
    seen = f"{scene.eid}:{held[0].revision}" if held else ""
    return Send(form={"delegation": "ARG", "eid": scene.eid, "position": "supports", "seen": seen, "version": "1"})


def no_silence(scene: Scene) -> None:
    with scene.store.writer() as tx:
        tx.execute(text("delete from objections"))
        tx.execute(text("delete from silences"))
        tx.commit()


def silence_running(scene: Scene, actor: str) -> Send:
    if amendments.get_silence(scene.store, scene.committee, SLUG) is None:
        amendments.start_silence(
            scene.store,
            scene.committee,
            SLUG,
            StartSilence(version="1", deadline=(utcnow() + timedelta(days=3)).isoformat()),
        )
    return Send(json={"text": f"Objeción {scene.n()}"})


def same_password(scene: Scene, actor: str) -> Send:
    def undo() -> None:  # a new password ends the person's API tokens: give the matrix a new one
        if actor in scene.tokens:
            scene.tokens[actor] = accounts.create_token(scene.store, scene.people[actor], "matrix").token

    return Send(form={"current_password": PASSWORD, "new_password": PASSWORD, "repeat_password": PASSWORD}, undo=undo)


def language_choice(scene: Scene, actor: str) -> Send:
    def undo() -> None:  # the account keeps no choice: the matrix reads the language fallbacks
        if actor in scene.people:
            accounts.set_locale(scene.store, scene.people[actor], None)

    return Send(form={"locale": "en", "next": "/"}, undo=undo)


P = "/p/{slug:str}"
A = "/api/processes/{slug:str}"
TABLE: dict[tuple[str, str], Case] = {
    # -- the API: accounts ----------------------------------------------------------------------
    ("GET", "/api/me"): Case("signed in"),
    ("GET", "/api/me/data"): Case("signed in"),
    ("PUT", "/api/me/locale"): Case("signed in", lambda s, a: Send(json={"locale": None})),
    ("POST", "/api/auth/token"): Case(
        "public", lambda s, a: Send(json={"email": "observer@example.org", "password": PASSWORD, "name": f"t{s.n()}"})
    ),
    ("GET", "/api/tokens"): Case("signed in"),
    ("POST", "/api/tokens"): Case("signed in", lambda s, a: Send(json={"name": f"token {s.n()}"})),
    ("DELETE", "/api/tokens/{token_id:int}"): Case(
        "signed in", lambda s, a: Send(params={"token_id": s.fresh_token(a)})
    ),
    # -- the API: password help and the choice of mails (anyone may ask: the answer is always 202)
    ("POST", "/api/auth/password-reset"): Case("public", lambda s, a: Send(json={"email": "nobody@example.org"})),
    ("POST", "/api/auth/password-reset/{token:str}"): Case(
        "link", lambda s, a: Send(params={"token": s.fresh_reset()}, json={"password": "una clave larga nueva"})
    ),
    ("POST", "/api/auth/sign-in-link"): Case("public", lambda s, a: Send(json={"email": "nobody@example.org"})),
    ("GET", "/api/me/notifications"): Case("signed in"),
    ("PUT", "/api/me/notifications"): Case("signed in", lambda s, a: Send(json={"kinds": {"publication": "daily"}})),
    # -- the API: processes and members ---------------------------------------------------------
    ("GET", "/api/processes"): Case("signed in"),
    ("POST", "/api/processes"): Case(
        "signed in",
        lambda s, a: Send(json={"slug": f"nuevo-{s.n()}", "titles": {"es": "Nuevo"}, "source_language": "es"}),
    ),
    ("GET", A): Case("read"),
    ("PUT", A): Case("committee", lambda s, a: Send(json={"titles": TITLES, **SETTINGS})),
    ("POST", A + "/archive"): Case("committee", lambda s, a: Send(undo=lambda: s.unarchive())),
    ("DELETE", A + "/archive"): Case("committee", lambda s, a: s.archived()),
    ("DELETE", A): Case("delete", lambda s, a: s.doomed(a)),
    ("GET", A + "/members"): Case("read"),
    ("POST", A + "/members"): Case(
        "committee", lambda s, a: Send(json={"email": f"guest{s.n()}@example.org", "role": "observer"})
    ),
    ("DELETE", A + "/members/{email:str}"): Case("committee", lambda s, a: Send(params={"email": s.fresh_member()})),
    ("PUT", A + "/members/{email:str}"): Case(
        "committee", lambda s, a: Send(params={"email": "observer@example.org"}, json={"delegation": None})
    ),
    # -- the API: delegations, positions, consensus, printed references ---------------------------
    ("GET", A + "/delegations"): Case("read"),
    ("POST", A + "/delegations"): Case(
        "committee", lambda s, a: Send(json={"code": f"N{s.n()}", "names": {"es": "Nueva"}, "kind": "city"})
    ),
    ("GET", A + "/delegations/{code:str}"): Case("read", lambda s, a: Send(params={"code": "ARG"})),
    ("PUT", A + "/delegations/{code:str}"): Case(
        "committee", lambda s, a: Send(params={"code": "ARG"}, json={"names": {"es": "Argentina", "fr": "Argentine"}})
    ),
    ("DELETE", A + "/delegations/{code:str}"): Case(
        "committee", lambda s, a: Send(params={"code": s.fresh_delegation()})
    ),
    ("POST", A + "/delegations/{code:str}/merge"): Case(
        "committee", lambda s, a: Send(params={"code": s.fresh_delegation()}, json={"into": s.fresh_delegation()})
    ),
    ("GET", A + "/word-authors"): Case("committee"),
    ("PUT", A + "/word-authors"): Case(
        "committee", lambda s, a: Send(json={"author": f"Ministerio {s.n()}", "delegation": "ARG"})
    ),
    ("PUT", A + "/positions"): Case(
        "member write",
        lambda s, a: Send(json={"delegation": "ARG", "amendment": s.fresh_amendment(), "position": "supports"}),
    ),
    ("GET", A + "/positions"): Case("read"),
    # Presence (issue 63): who reads a version is said by and to everyone in the process (the draft's: the committee's).
    ("GET", A + "/presence"): Case("read"),
    ("POST", A + "/presence"): Case("read", lambda s, a: Send(json={"where": {"version": 1, "eid": s.eid}}), ok=200),
    # A paragraph's shared room (its WebSocket: tests/web/rooms): the committee's, as the working draft is.
    ("GET", A + "/rooms/{eid:str}"): Case("committee", lambda s, a: Send(params={"eid": s.eid})),
    ("GET", A + "/consensus"): Case("read", lambda s, a: Send(query={"version": "1"})),
    ("GET", A + "/consensus.csv"): Case("read", lambda s, a: Send(query={"version": "1"})),
    ("GET", A + "/versions/{ref:str}/crosswalk"): Case("read", lambda s, a: Send(params={"ref": "2"})),
    ("GET", A + "/versions/{ref:str}/crosswalk.csv"): Case("read", lambda s, a: Send(params={"ref": "2"})),
    ("POST", A + "/draft/renumber"): Case("committee"),
    # -- the API: brackets (issue 33) ----------------------------------------------------------------
    ("GET", A + "/brackets"): Case("read", lambda s, a: Send(query={"version": "1"})),
    ("GET", A + "/brackets/summary"): Case("read", lambda s, a: Send(query={"version": "1"})),
    ("GET", A + "/brackets/burndown"): Case("read"),
    ("GET", A + "/brackets/burndown.svg"): Case("read"),
    ("POST", A + "/brackets/{bracket:str}/resolve"): Case(
        "committee",
        lambda s, a: (
            (b := s.fresh_bracket())
            and Send(params={"bracket": b["bracket"]}, json={"option": 1, "base_revision": b["revision"]})
        ),
    ),
    ("PUT", A + "/brackets/{bracket:str}"): Case(
        "committee",
        lambda s, a: Send(params={"bracket": s.fresh_bracket()["bracket"]}, json={"leading": 1, "delegation": "ARG"}),
    ),
    ("GET", A + "/versions/{ref:str}/clean"): Case("read", lambda s, a: Send(params={"ref": "2"})),
    # -- the API: submissions (issue 33) ---------------------------------------------------------------
    ("POST", A + "/submissions/windows"): Case(
        "committee", lambda s, a: Send(json={"opens": "2026-01-01T09:00+00:00", "closes": "2026-01-02T09:00+00:00"})
    ),
    ("GET", A + "/submissions/windows"): Case("read"),
    ("POST", A + "/submissions"): Case(
        "member write",
        lambda s, a: (
            s.open_window()
            or Send(json={"kind": "modify", "eid": s.eid, "text": f"Nos comprometemos {s.n()}.", "delegation": "ARG"})
        ),
    ),
    ("POST", A + "/submissions/import"): Case(
        "member write",
        lambda s, a: (
            s.open_window()
            or Send(
                query={"delegation": "ARG", "filename": "arg.md"},
                content=("text/markdown", f"1. Nos comprometemos {s.n()}. {{#{s.eid}}}\n".encode()),
            )
        ),
    ),
    ("GET", A + "/submissions"): Case("read"),
    ("PUT", A + "/submissions/{number:int}/rendering"): Case("committee", lambda s, a: s.foreign_submission()),
    ("POST", A + "/compilations"): Case("committee", lambda s, a: s.open_window() or Send(json={})),
    ("GET", A + "/versions/{ref:str}/provenance"): Case("read", lambda s, a: Send(params={"ref": "2"})),
    ("GET", A + "/versions/{ref:str}/provenance.csv"): Case("read", lambda s, a: Send(params={"ref": "2"})),
    ("GET", A + "/versions/{ref:str}/clean.md"): Case("read", lambda s, a: Send(params={"ref": "2"})),
    ("POST", A + "/members/{email:str}/resend"): Case(
        "committee", lambda s, a: Send(params={"email": s.fresh_invited()})
    ),
    ("GET", A + "/activity"): Case("read"),
    # The record with its hashes, and its signed checkpoints: they count every entry, the committee's own included.
    ("GET", A + "/activity.jsonl"): Case("committee"),
    ("GET", A + "/checkpoints"): Case("committee"),
    # -- the API: sessions and recommendations --------------------------------------------------
    ("GET", A + "/sessions"): Case("read"),
    ("POST", A + "/sessions"): Case("committee", lambda s, a: Send(json={**SESSION_JSON, "ref": f"sesion-{s.n()}"})),
    ("POST", A + "/sessions/import"): Case(
        "committee", lambda s, a: Send(json={"filename": f"nota-{s.n()}.md", "text": NOTE})
    ),
    ("GET", A + "/sessions/{ref:str}"): Case("read", lambda s, a: Send(params={"ref": s.session})),
    ("PUT", A + "/sessions/{ref:str}"): Case(
        "committee", lambda s, a: Send(params={"ref": s.session}, json=SESSION_JSON)
    ),
    ("POST", A + "/sessions/{ref:str}/recommendations"): Case(
        "member write", lambda s, a: Send(params={"ref": s.session}, json={"text": f"Recomendación {s.n()}"})
    ),
    ("GET", A + "/recommendations"): Case("read"),
    ("GET", A + "/recommendations.csv"): Case("read"),
    ("GET", A + "/recommendations/{ref:str}"): Case("read", lambda s, a: Send(params={"ref": s.member_rec})),
    ("PUT", A + "/recommendations/{ref:str}"): Case(  # the member's own, still open
        "member write",
        lambda s, a: Send(params={"ref": s.member_rec}, json={"text": "Del miembro", "themes": ["agua"]}),
    ),
    ("POST", A + "/recommendations/{ref:str}/decision"): Case(
        "committee", lambda s, a: Send(params={"ref": s.committee_rec}, json={"status": "incorporated"})
    ),
    # -- the API: the declaration ---------------------------------------------------------------
    ("GET", A + "/draft"): Case("committee"),
    ("POST", A + "/draft/paragraphs"): Case(
        "committee", lambda s, a: Send(json={"kind": "operative", "text": f"Nuevo {s.n()}."})
    ),
    ("PUT", A + "/draft/paragraphs/{eid:str}"): Case("committee", lambda s, a: edit_paragraph(s, a, page=False)),
    ("DELETE", A + "/draft/paragraphs/{eid:str}"): Case("committee", lambda s, a: delete_paragraph(s, a, page=False)),
    ("POST", A + "/draft/paragraphs/{eid:str}/move"): Case(
        "committee", lambda s, a: Send(params={"eid": s.fresh_paragraph()[0]}, json={"after": None})
    ),
    ("GET", A + "/versions"): Case("read"),
    ("POST", A + "/versions"): Case("committee", lambda s, a: circulate(s, a, page=False)),
    ("POST", A + "/versions/import"): Case(
        "committee",
        lambda s, a: Send(json={"filename": "rev.es.md", "text": VERSION_FILE, "label": "Rev.2", "preview": True}),
    ),
    ("GET", A + "/versions/{ref:str}"): Case("read", lambda s, a: Send(params={"ref": "1"})),
    ("GET", A + "/versions/{ref:str}/download"): Case(
        "read", lambda s, a: Send(params={"ref": "1"}, query={"format": "docx", "lang": "en"})
    ),
    ("PUT", A + "/versions/{ref:str}"): Case("immutable", lambda s, a: Send(params={"ref": "1"})),
    ("PUT", A + "/versions/{ref:str}/labels"): Case(
        "committee", lambda s, a: Send(params={"ref": "1"}, json={"labels": {"en": f"Named {s.n()}"}})
    ),
    ("GET", A + "/compare"): Case("read", lambda s, a: Send(query={"old": "1", "new": "2"})),
    ("GET", A + "/paragraphs/{eid:str}/history"): Case("read", lambda s, a: Send(params={"eid": s.eid})),
    ("GET", A + "/coverage"): Case("read"),
    ("POST", A + "/draft/paragraphs/{eid:str}/restore"): Case(
        "committee", lambda s, a: restore_paragraph(s, a, page=False)
    ),
    # -- the API: amendments and the negotiation ------------------------------------------------
    ("POST", A + "/amendments"): Case(
        "member write",
        lambda s, a: Send(json={"version": "1", "eid": s.eid, "kind": "modify", "text": f"Nos comprometemos {s.n()}."}),
    ),
    ("GET", A + "/amendments"): Case("read"),
    ("GET", A + "/amendments/{number:str}"): Case("read", lambda s, a: Send(params={"number": s.fresh_amendment()})),
    ("PUT", A + "/amendments/{number:str}"): Case(
        "proposer", lambda s, a: Send(params={"number": s.fresh_amendment("member")}, json={"rationale": "Mejor."})
    ),
    ("POST", A + "/amendments/{number:str}/cosponsors"): Case(
        "member write", lambda s, a: Send(params={"number": s.fresh_amendment()})
    ),
    ("POST", A + "/amendments/{number:str}/withdraw"): Case(
        "proposer", lambda s, a: Send(params={"number": s.fresh_amendment("member")})
    ),
    ("POST", A + "/amendments/{number:str}/refresh"): Case(
        "proposer", lambda s, a: Send(params={"number": s.fresh_amendment("member")})
    ),
    ("POST", A + "/amendments/{number:str}/decision"): Case(
        "committee",
        lambda s, a: Send(params={"number": s.fresh_amendment()}, json={"decision": "rejected", "reason": "No."}),
    ),
    ("POST", A + "/amendments/decisions"): Case(
        "committee",
        lambda s, a: Send(
            json={"decisions": [{"number": s.fresh_amendment(), "decision": "rejected", "reason": "No."}]}
        ),
    ),
    ("POST", A + "/amendments/{number:str}/reopen"): Case(
        "committee", lambda s, a: Send(params={"number": s.decided_amendment()})
    ),
    ("POST", A + "/amendments/compromise"): Case(
        "committee",
        lambda s, a: Send(
            json={
                "amendments": [s.fresh_amendment(), s.fresh_amendment()],
                "text": f"Nos comprometemos juntos {s.n()}.",
                "reason": "Juntas.",
            }
        ),
    ),
    ("POST", A + "/amendments/import"): Case(
        "member write",
        lambda s, a: Send(  # a preview: filed, and undone
            query={"version": "1"}, content=(DOCX, s.word_file())
        ),
        ok=200,
    ),
    ("GET", A + "/compilation"): Case("read", lambda s, a: Send(query={"version": "1"})),
    ("GET", A + "/compilation.docx"): Case("read", lambda s, a: Send(query={"version": "1"})),
    ("GET", A + "/disposition"): Case("read", lambda s, a: Send(query={"version": "1"})),
    ("GET", A + "/disposition.csv"): Case("read", lambda s, a: Send(query={"version": "1"})),
    ("PUT", A + "/paragraphs/{eid:str}/status"): Case(
        "committee", lambda s, a: Send(json={"status": "agreed", "note": ""})
    ),
    ("POST", A + "/paragraphs/status"): Case(
        "committee", lambda s, a: Send(json={"eids": [s.eid], "status": "agreed", "note": ""})
    ),
    ("GET", A + "/status"): Case("read"),
    ("PUT", A + "/versions/{ref:str}/deadline"): Case(
        "committee",
        lambda s, a: Send(params={"ref": "1"}, json={"deadline": (utcnow() + timedelta(days=30)).isoformat()}),
    ),
    ("POST", A + "/silence"): Case(
        "committee",
        lambda s, a: Send(
            json={"version": "1", "deadline": (utcnow() + timedelta(days=3)).isoformat()}, undo=lambda: no_silence(s)
        ),
    ),
    ("GET", A + "/silence"): Case("read"),
    ("POST", A + "/silence/objections"): Case("member write", silence_running),
    # -- the API: comment threads, the inbox, live events -----------------------------------------
    ("POST", A + "/threads"): Case(
        "comment", lambda s, a: Send(json={"version": "1", "eid": s.eid, "quote": None, "body": "Hilo."})
    ),
    ("GET", A + "/threads"): Case("read"),
    ("GET", A + "/threads/{number:str}"): Case("read", lambda s, a: Send(params={"number": s.fresh_thread()})),
    ("POST", A + "/threads/{number:str}/comments"): Case(
        "comment", lambda s, a: Send(params={"number": s.fresh_thread()}, json={"body": "Respuesta."})
    ),
    ("POST", A + "/threads/{number:str}/resolve"): Case(
        "committee", lambda s, a: Send(params={"number": s.fresh_thread()})
    ),
    ("POST", A + "/threads/{number:str}/reopen"): Case(
        "committee", lambda s, a: Send(params={"number": s.fresh_thread(resolved=True)})
    ),
    ("POST", A + "/threads/{number:str}/follow"): Case("read", lambda s, a: Send(params={"number": s.fresh_thread()})),
    ("DELETE", A + "/threads/{number:str}/follow"): Case(
        "read", lambda s, a: Send(params={"number": s.fresh_thread()})
    ),
    ("PUT", A + "/comments/{comment_id:str}"): Case(
        "proposer", lambda s, a: Send(params={"comment_id": s.fresh_comment()}, json={"body": "Corregido."})
    ),
    ("DELETE", A + "/comments/{comment_id:str}"): Case(
        "proposer", lambda s, a: Send(params={"comment_id": s.fresh_comment()})
    ),
    ("GET", A + "/events"): Case("read", lambda s, a: Send(query={"after": 0})),  # the app's streams end at once here
    ("GET", "/api/inbox"): Case("signed in"),
    ("GET", "/api/inbox/events"): Case("signed in", lambda s, a: Send(query={"after": 0})),  # ends at once here
    ("POST", "/api/inbox/read"): Case("signed in", lambda s, a: Send(json={})),
    # -- the API: invitations -------------------------------------------------------------------
    ("GET", "/api/invitations/{token:str}"): Case("link", lambda s, a: Send(params={"token": s.fresh_invitation()})),
    ("POST", "/api/invitations/{token:str}"): Case(
        "link",
        lambda s, a: Send(
            params={"token": s.fresh_invitation()}, json={"name": "Invitada", "password": "una clave larga"}
        ),
    ),
    ("POST", "/api/invitations/{token:str}/accept"): Case(
        "accept", lambda s, a: Send(params={"token": s.fresh_invitation()})
    ),
    ("POST", A + "/recommendations/{ref:str}/links"): Case(
        "committee", lambda s, a: Send(params={"ref": s.committee_rec}, json={"eid": s.eid})
    ),
    ("DELETE", A + "/recommendations/{ref:str}/links/{eid:str}"): Case(
        "committee", lambda s, a: Send(params={"ref": s.fresh_link(), "eid": s.eid})
    ),
    # -- pages: signing in, the language, the account, invitations, administration --------------
    ("GET", "/"): Case("public", ok=302),
    ("GET", "/favicon.ico"): Case("public", ok=301),
    # -- operations: the probes answer anyone; the metrics no account (tests/web/test_health.py, test_metrics.py) --
    ("GET", "/healthz"): Case("public"),
    ("GET", "/readyz"): Case("public"),
    ("GET", "/metrics"): Case("operators"),
    ("GET", "/invitations/{token:str}"): Case("link", lambda s, a: Send(params={"token": s.fresh_invitation()})),
    (
        "POST",
        "/invitations/{token:str}",
    ): Case(  # anonymous: the account is made; signed in: only as the invited address
        "join",
        lambda s, a: Send(
            params={"token": s.fresh_invitation()},
            form={"name": "Invitada", "password": "una clave larga", "repeat_password": "una clave larga"},
        ),
    ),
    ("GET", "/admin"): Case("admin door", ok=303),
    ("GET", "/admin/accounts"): Case("admin"),
    ("GET", "/admin/audit"): Case("admin"),
    ("GET", "/api/admin/audit"): Case("admin"),
    ("GET", "/api/admin/audit.csv"): Case("admin"),
    ("POST", "/admin/accounts/access"): Case(
        "admin", lambda s, a: Send(form={"email": s.fresh_account(), "disabled": "1"})
    ),
    ("PUT", "/api/admin/accounts/{email:str}"): Case(
        "admin", lambda s, a: Send(params={"email": s.fresh_account()}, json={"disabled": True})
    ),
    ("GET", "/api/admin/accounts"): Case("admin"),
    # -- webhooks: a process's (its committee's) and the instance's (administrators')
    ("POST", A + "/webhooks"): Case("committee", lambda s, a: Send(json=HOOK), ok=201),
    ("GET", A + "/webhooks"): Case("committee"),
    ("DELETE", A + "/webhooks/{hook_id:int}"): Case("committee", lambda s, a: Send(params={"hook_id": _webhook(s)})),
    ("POST", A + "/webhooks/{hook_id:int}/test"): Case(
        "committee", lambda s, a: Send(params={"hook_id": _webhook(s)}), ok=202
    ),
    ("GET", A + "/webhooks/{hook_id:int}/deliveries"): Case(
        "committee", lambda s, a: Send(params={"hook_id": _webhook(s)})
    ),
    ("POST", "/api/admin/webhooks"): Case("admin", lambda s, a: Send(json=HOOK), ok=201),
    ("GET", "/api/admin/webhooks"): Case("admin"),
    ("DELETE", "/api/admin/webhooks/{hook_id:int}"): Case(
        "admin", lambda s, a: Send(params={"hook_id": _webhook(s, process=False)})
    ),
    ("POST", "/api/admin/webhooks/{hook_id:int}/test"): Case(
        "admin", lambda s, a: Send(params={"hook_id": _webhook(s, process=False)}), ok=202
    ),
    ("GET", "/api/admin/webhooks/{hook_id:int}/deliveries"): Case(
        "admin", lambda s, a: Send(params={"hook_id": _webhook(s, process=False)})
    ),
    ("DELETE", "/api/admin/accounts/{email:str}"): Case(
        "admin", lambda s, a: Send(params={"email": s.fresh_account()})
    ),
    ("POST", "/admin/accounts/erase"): Case("admin", lambda s, a: Send(form={"email": s.fresh_account()})),
    ("POST", "/admin/accounts/password"): Case(
        "admin", lambda s, a: Send(form={"email": s.fresh_account(), "password": "otra clave larga"})
    ),
    ("GET", "/signin"): Case("public"),
    ("GET", "/auth/oidc/login"): Case("no provider"),
    ("GET", "/auth/oidc/callback"): Case("no provider", lambda s, a: Send(query={"state": "x", "code": "y"})),
    ("POST", "/signin"): Case(
        "public", lambda s, a: Send(form={"email": "observer@example.org", "password": PASSWORD})
    ),
    ("POST", "/signout"): Case("public", lambda s, a: Send(form={})),
    ("POST", "/language"): Case("public", language_choice),
    ("GET", "/account"): Case("signed in"),
    ("GET", "/account/notifications"): Case("signed in"),
    ("POST", "/account/notifications"): Case("signed in", lambda s, a: Send(form={"publication": "daily"})),
    ("GET", "/password-reset"): Case("public"),
    ("POST", "/password-reset"): Case("public", lambda s, a: Send(form={"email": "nobody@example.org"}), ok=200),
    ("GET", "/password-reset/{token:str}"): Case("link", lambda s, a: Send(params={"token": s.fresh_reset()})),
    ("POST", "/password-reset/{token:str}"): Case(  # the link's holder is signed in as its owner
        "link", lambda s, a: Send(params={"token": s.fresh_reset()}, form={"password": "una clave larga nueva"})
    ),
    ("GET", "/sign-in-link"): Case("public"),
    ("POST", "/sign-in-link"): Case("public", lambda s, a: Send(form={"email": "nobody@example.org"}), ok=200),
    ("GET", "/sign-in-link/{token:str}"): Case("link", lambda s, a: Send(params={"token": s.fresh_sign_in_link()})),
    ("POST", "/sign-in-link/{token:str}"): Case(  # the link's holder is signed in as its owner
        "link", lambda s, a: Send(params={"token": s.fresh_sign_in_link()}, form={})
    ),
    ("GET", "/unsubscribe/{token:str}"): Case("link", lambda s, a: Send(params={"token": s.unsubscribe_token()})),
    ("POST", "/unsubscribe/{token:str}"): Case(
        "link", lambda s, a: Send(params={"token": s.unsubscribe_token()}, form={}), ok=200
    ),
    ("GET", "/admin/mail"): Case("admin"),
    ("POST", "/admin/mail/{mail_id:int}/resend"): Case(
        "admin", lambda s, a: Send(params={"mail_id": s.fresh_invitation_mail()}, form={})
    ),
    ("POST", "/account/password"): Case("signed in", same_password),
    ("POST", "/account/tokens"): Case("signed in", lambda s, a: Send(form={"name": f"token {s.n()}"})),
    ("POST", "/account/tokens/{token_id:int}/revoke"): Case(
        "signed in", lambda s, a: Send(params={"token_id": s.fresh_token(a)}, form={})
    ),
    # -- pages: processes and members -----------------------------------------------------------
    ("GET", "/processes"): Case("signed in"),
    ("GET", "/processes/new"): Case("signed in"),
    ("POST", "/processes/new"): Case(
        "signed in",
        lambda s, a: Send(
            form={
                "slug": f"nuevo-{s.n()}",
                "title_es": "Nuevo",
                "source_language": "es",
                "languages": ["es"],
                "timezone": "UTC",
            }
        ),
    ),
    ("GET", P): Case("read"),
    ("GET", P + "/edit"): Case("committee"),
    ("POST", P + "/archive"): Case("committee", lambda s, a: Send(form={"archived": "1"}, undo=lambda: s.unarchive())),
    ("POST", P + "/delete"): Case("delete", lambda s, a: s.doomed(a, page=True)),
    ("POST", P + "/edit"): Case(
        "committee", lambda s, a: Send(form={**{f"title_{code}": title for code, title in TITLES.items()}, **SETTINGS})
    ),
    ("GET", P + "/brackets"): Case("read", lambda s, a: Send(query={"version": "1"})),
    ("GET", P + "/brackets/clean"): Case("read", lambda s, a: Send(query={"version": "1"})),
    ("POST", P + "/brackets/{bracket:str}/resolve"): Case(
        "committee",
        lambda s, a: (
            (b := s.fresh_bracket())
            and Send(params={"bracket": b["bracket"]}, form={"option": "1", "base_revision": b["revision"]})
        ),
    ),
    ("POST", P + "/brackets/{bracket:str}"): Case(
        "committee",
        lambda s, a: Send(params={"bracket": s.fresh_bracket()["bracket"]}, form={"leading": "1", "delegation": "ARG"}),
    ),
    ("GET", P + "/submissions"): Case("read"),
    ("POST", P + "/submissions/{number:int}/rendering"): Case(
        "committee", lambda s, a: s.foreign_submission(page=True)
    ),
    ("POST", P + "/submissions/windows"): Case(
        "committee", lambda s, a: Send(form={"opens": "2026-01-01T09:00", "closes": "2026-01-02T09:00"})
    ),
    ("POST", P + "/submissions"): Case(
        "member write",
        lambda s, a: (
            s.open_window()
            or Send(form={"kind": "modify", "eid": s.eid, "text": f"Nos comprometemos {s.n()}.", "delegation": "ARG"})
        ),
    ),
    ("POST", P + "/submissions/compile"): Case("committee", lambda s, a: s.open_window() or Send(form={})),
    ("GET", P + "/declaration/versions/{ref:str}/provenance"): Case("read", lambda s, a: Send(params={"ref": "2"})),
    ("GET", P + "/activity"): Case("read"),
    ("GET", P + "/members"): Case("read"),
    ("POST", P + "/members"): Case(
        "committee", lambda s, a: Send(form={"email": f"guest{s.n()}@example.org", "role": "observer"})
    ),
    ("POST", P + "/members/remove"): Case("committee", lambda s, a: Send(form={"email": s.fresh_member()})),
    ("POST", P + "/members/resend"): Case("committee", lambda s, a: Send(form={"email": s.fresh_invited()})),
    ("POST", P + "/members/delegation"): Case(
        "committee", lambda s, a: Send(form={"email": "observer@example.org", "delegation": ""})
    ),
    ("GET", P + "/delegations"): Case("read"),
    ("POST", P + "/delegations"): Case(
        "committee", lambda s, a: Send(form={"code": f"P{s.n()}", "name_es": "Nueva", "kind": "city"})
    ),
    ("POST", P + "/delegations/{code:str}"): Case(
        "committee", lambda s, a: Send(params={"code": "ARG"}, form={"name_es": "Argentina", "name_fr": "Argentine"})
    ),
    ("POST", P + "/delegations/{code:str}/delete"): Case(
        "committee", lambda s, a: Send(params={"code": s.fresh_delegation()}, form={})
    ),
    ("GET", P + "/consensus"): Case("read", lambda s, a: Send(query={"version": "1"})),
    ("POST", P + "/positions"): Case("member write", lambda s, a: position_form(s)),
    ("POST", P + "/presence"): Case(  # a page's heartbeat (presence.js): JSON, its CSRF token in a header
        "read",
        lambda s, a: Send(json={"where": {"version": 1}}, headers={"X-CSRFToken": s.jars[a]["accord_csrf"]}),
        ok=200,
    ),
    # -- pages: sessions and recommendations ----------------------------------------------------
    ("GET", P + "/sessions"): Case("read"),
    ("GET", P + "/sessions/new"): Case("committee"),
    ("POST", P + "/sessions/new"): Case(
        "committee", lambda s, a: Send(form={**SESSION_FORM, "title": f"Sesión {s.n()}"})
    ),
    ("POST", P + "/sessions/import"): Case("committee", lambda s, a: Send(form={}, files={"file": note(s, a)})),
    ("GET", P + "/sessions/{ref:str}"): Case("read", lambda s, a: Send(params={"ref": s.session})),
    ("GET", P + "/sessions/{ref:str}/edit"): Case("committee", lambda s, a: Send(params={"ref": s.session})),
    ("POST", P + "/sessions/{ref:str}/edit"): Case(
        "committee", lambda s, a: Send(params={"ref": s.session}, form=SESSION_FORM)
    ),
    ("POST", P + "/sessions/{ref:str}/recommendations"): Case(
        "member write",
        lambda s, a: Send(params={"ref": s.session}, form={"text": f"Recomendación {s.n()}", "language": "es"}),
    ),
    ("GET", P + "/recommendations"): Case("read"),
    ("GET", P + "/recommendations.csv"): Case("read"),
    ("GET", P + "/recommendations/{ref:str}"): Case("read", lambda s, a: Send(params={"ref": s.member_rec})),
    ("POST", P + "/recommendations/{ref:str}/edit"): Case(
        "member write", lambda s, a: Send(params={"ref": s.member_rec}, form={**MEMBER_REC, "session": s.session})
    ),
    ("POST", P + "/recommendations/{ref:str}/decision"): Case(
        "committee", lambda s, a: Send(params={"ref": s.committee_rec}, form={"status": "incorporated"})
    ),
    # -- pages: the declaration -----------------------------------------------------------------
    ("GET", P + "/declaration"): Case("read"),
    ("GET", P + "/declaration/draft"): Case("committee"),
    ("POST", P + "/declaration/draft/add"): Case(
        "committee", lambda s, a: Send(form={"kind": "operative", "text": f"Nuevo {s.n()}."})
    ),
    ("GET", P + "/declaration/draft/{eid:str}"): Case("committee", lambda s, a: Send(params={"eid": s.eid})),
    ("POST", P + "/declaration/draft/{eid:str}/edit"): Case("committee", lambda s, a: edit_paragraph(s, a, page=True)),
    # What changed since an open editor's revision, its text taken in (issue 63's notices): read, as the committee's.
    ("POST", P + "/declaration/draft/{eid:str}/since"): Case(
        "committee", lambda s, a: edit_paragraph(s, a, page=True), ok=200
    ),
    ("POST", P + "/declaration/draft/{eid:str}/move"): Case(
        "committee", lambda s, a: Send(params={"eid": s.fresh_paragraph()[0]}, form={"after": ""})
    ),
    ("POST", P + "/declaration/draft/{eid:str}/delete"): Case(
        "committee", lambda s, a: delete_paragraph(s, a, page=True)
    ),
    ("POST", P + "/declaration/draft/circulate"): Case("committee", lambda s, a: circulate(s, a, page=True)),
    ("POST", P + "/declaration/draft/renumber"): Case("committee", lambda s, a: Send(form={})),
    ("GET", P + "/declaration/versions/{ref:str}"): Case("read", lambda s, a: Send(params={"ref": "1"})),
    ("POST", P + "/declaration/versions/{ref:str}/labels"): Case(
        "committee", lambda s, a: Send(params={"ref": "1"}, form={"label_fr": f"Nommée {s.n()}"})
    ),
    ("GET", P + "/declaration/versions/{ref:str}/crosswalk"): Case("read", lambda s, a: Send(params={"ref": "1"})),
    ("GET", P + "/declaration/versions/{ref:str}/projector/{eid:str}"): Case(
        "read", lambda s, a: Send(params={"ref": "1", "eid": s.eid})
    ),
    ("GET", P + "/declaration/compare"): Case("read", lambda s, a: Send(query={"old": "1", "new": "2"})),
    ("GET", P + "/declaration/paragraphs/{eid:str}"): Case("read", lambda s, a: Send(params={"eid": s.eid})),
    ("POST", P + "/declaration/paragraphs/{eid:str}/restore"): Case(
        "committee", lambda s, a: restore_paragraph(s, a, page=True)
    ),
    ("GET", P + "/declaration/coverage"): Case("read"),
    ("POST", P + "/declaration/links"): Case(
        "committee", lambda s, a: Send(form={"ref": s.committee_rec, "eid": s.eid})
    ),
    ("GET", P + "/declaration/import"): Case("committee"),
    ("POST", P + "/declaration/import"): Case(  # without `confirm`: the preview page
        "committee",
        lambda s, a: Send(
            form={"label": "Rev.2"}, files={"file": ("rev.es.md", VERSION_FILE.encode(), "text/markdown")}
        ),
        ok=200,
    ),
    # -- pages: amendments and the negotiation --------------------------------------------------
    ("GET", P + "/amendments"): Case("read"),
    ("GET", P + "/amendments/new"): Case("member write"),
    ("POST", P + "/amendments/new"): Case(
        "member write",
        lambda s, a: Send(
            form={
                "version": "1",
                "eid": s.eid,
                "kind": "modify",
                "text": f"Nos comprometemos {s.n()}.",
                "action": "propose",
            }
        ),
    ),
    ("GET", P + "/amendments/import"): Case("member write"),
    ("POST", P + "/amendments/import"): Case(
        "member write",
        lambda s, a: Send(  # without `confirm`: the preview page
            form={"version": "1"}, files={"file": ("compilation.docx", s.word_file(), DOCX)}
        ),
        ok=200,
    ),
    ("GET", P + "/amendments/compilation"): Case("read"),
    ("GET", P + "/amendments/disposition"): Case("read"),
    ("GET", P + "/amendments/status"): Case("read"),
    ("POST", P + "/amendments/status/{eid:str}"): Case(
        "committee", lambda s, a: Send(form={"status": "agreed", "note": ""})
    ),
    ("GET", P + "/amendments/voting"): Case("committee"),
    ("POST", P + "/amendments/voting"): Case("committee", lambda s, a: voting_list(s)),
    ("POST", P + "/amendments/status"): Case(
        "committee", lambda s, a: Send(form={"eids": [s.eid], "status": "agreed", "note": ""})
    ),
    ("POST", P + "/amendments/{number:str}/reopen"): Case(
        "committee", lambda s, a: Send(params={"number": s.decided_amendment()}, form={})
    ),
    ("POST", P + "/amendments/deadline"): Case(
        "committee",
        lambda s, a: Send(
            form={"version": "1", "deadline": (utcnow() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")}
        ),
    ),
    ("POST", P + "/amendments/silence"): Case(
        "committee",
        lambda s, a: (
            no_silence(s),
            Send(
                form={"version": "1", "deadline": (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")},
                undo=lambda: no_silence(s),
            ),
        )[1],
    ),
    ("POST", P + "/amendments/silence/objection"): Case(
        "member write", lambda s, a: Send(form=silence_running(s, a).json)
    ),
    ("GET", P + "/amendments/compromise"): Case(
        "committee", lambda s, a: Send(query={"amendment": [s.fresh_amendment(), s.fresh_amendment()]})
    ),
    ("POST", P + "/amendments/compromise"): Case(
        "committee",
        lambda s, a: Send(
            form={
                "amendments": [s.fresh_amendment(), s.fresh_amendment()],
                "text": f"Nos comprometemos juntos {s.n()}.",
                "reason": "Juntas.",
            }
        ),
    ),
    ("GET", P + "/amendments/{number:str}"): Case("read", lambda s, a: Send(params={"number": s.fresh_amendment()})),
    ("POST", P + "/amendments/{number:str}/edit"): Case(
        "proposer", lambda s, a: Send(params={"number": s.fresh_amendment("member")}, form={"rationale": "Mejor."})
    ),
    ("POST", P + "/amendments/{number:str}/cosponsor"): Case(
        "member write", lambda s, a: Send(params={"number": s.fresh_amendment()}, form={})
    ),
    ("POST", P + "/amendments/{number:str}/withdraw"): Case(
        "proposer", lambda s, a: Send(params={"number": s.fresh_amendment("member")}, form={})
    ),
    ("POST", P + "/amendments/{number:str}/refresh"): Case(
        "proposer",
        lambda s, a: Send(  # its wording on the text as it now reads
            params={"number": s.fresh_amendment("member")}, form={"text": f"Nos comprometemos de nuevo {s.n()}."}
        ),
    ),
    ("POST", P + "/amendments/{number:str}/decision"): Case(
        "committee",
        lambda s, a: Send(params={"number": s.fresh_amendment()}, form={"decision": "rejected", "reason": "No."}),
    ),
    # -- the API and pages: translations ----------------------------------------------------------
    ("GET", A + "/translations/{lang:str}"): Case("read"),
    ("PUT", A + "/translations/{lang:str}/{eid:str}"): Case(
        "translate", lambda s, a: save_translation(s, a, page=False)
    ),
    ("POST", A + "/translations/{lang:str}/{eid:str}/approve"): Case(
        "committee", lambda s, a: Send(params={"eid": s.fresh_translation()}, query={"version": "draft"})
    ),
    ("GET", A + "/translations/{lang:str}/{eid:str}/machine"): Case(
        "translate", lambda s, a: Send(params={"eid": s.eid}, query={"version": "1"})
    ),
    ("POST", A + "/translations/{lang:str}/approve"): Case(
        "committee", lambda s, a: Send(json={"version": "draft", "eids": [s.fresh_translation()]})
    ),
    ("POST", A + "/translations/{lang:str}/{eid:str}/reject"): Case(
        "committee",
        lambda s, a: Send(params={"eid": s.fresh_translation()}, query={"version": "draft"}, json={"note": "Revisar."}),
    ),
    ("POST", A + "/translations/{lang:str}/import"): Case("translate", lambda s, a: import_translation(s, a)),
    ("GET", A + "/translations/{lang:str}/amendments"): Case("translate", lambda s, a: Send(params={"lang": "fr"})),
    ("GET", A + "/translations/{lang:str}/amendments.xlf"): Case("translate"),
    ("POST", A + "/translations/{lang:str}/amendments/import"): Case(  # the French translator's file, given back
        "translate",
        lambda s, a: Send(
            content=(
                "application/xliff+xml",
                rendering_exchange.export_renderings_xliff(s.store, s.people["translator"], SLUG, "fr")[1],
            )
        ),
    ),
    ("PUT", A + "/amendments/{number:str}/renderings/{lang:str}"): Case("translate", lambda s, a: s.rendering()),
    ("GET", A + "/amendments/{number:str}/renderings/{lang:str}/machine"): Case(
        "translate", lambda s, a: Send(params={"number": s.fresh_amendment(), "lang": "fr"})
    ),
    ("GET", A + "/amendments/{number:str}/renderings/{lang:str}/memory"): Case(
        "translate", lambda s, a: Send(params={"number": s.fresh_amendment(), "lang": "fr"})
    ),
    ("GET", P + "/translations/{lang:str}/amendments"): Case("translate", lambda s, a: Send(params={"lang": "fr"})),
    ("POST", P + "/amendments/{number:str}/renderings/{lang:str}"): Case(
        "translate", lambda s, a: s.rendering(page=True)
    ),
    ("GET", A + "/progress"): Case("read"),
    ("GET", A + "/editions/{lang:str}"): Case("read"),
    ("GET", A + "/glossary"): Case("read"),
    ("PUT", A + "/glossary"): Case(
        "committee",
        lambda s, a: Send(
            json={
                "revision": translations.get_glossary(s.store, s.committee, SLUG).revision,
                "terms": [{"source": f"término {s.n()}"}],
            }
        ),
    ),
    ("GET", A + "/memory"): Case("read", lambda s, a: Send(query={"text": "Nos comprometemos.", "lang": "fr"})),
    # terms proposed for the glossary: translators and the committee propose and read them; the committee (or a
    # reviewer of the term's languages) decides
    ("GET", A + "/glossary/proposals"): Case("translate"),
    ("POST", A + "/glossary/proposals"): Case(
        "translate", lambda s, a: Send(json={"source": f"término {s.n()}", "translations": {"fr": "terme"}})
    ),
    ("POST", A + "/glossary/proposals/{proposal:int}/approve"): Case(
        "committee", lambda s, a: Send(params={"proposal": fresh_proposal(s)})
    ),
    ("POST", A + "/glossary/proposals/{proposal:int}/reject"): Case(
        "committee", lambda s, a: Send(params={"proposal": fresh_proposal(s)}, json={"reason": "No."})
    ),
    # search and replace in a language: its translators and the committee (a preview writes nothing)
    ("POST", A + "/translations/{lang:str}/replace"): Case(
        "translate", lambda s, a: Send(query={"version": "draft"}, json={"find": "Paragraphe", "replace": "Alinéa"})
    ),
    ("GET", P + "/translations"): Case("read"),
    ("GET", P + "/translations/{lang:str}"): Case("read"),
    ("POST", P + "/translations/{lang:str}/{eid:str}"): Case(
        "translate", lambda s, a: save_translation(s, a, page=True)
    ),
    # What changed since an open translation editor's text (issue 63's notices): read, as the language's translators.
    ("POST", P + "/translations/{lang:str}/{eid:str}/since"): Case(
        "translate", lambda s, a: save_translation(s, a, page=True), ok=200
    ),
    ("POST", P + "/translations/{lang:str}/import"): Case(
        "translate", lambda s, a: import_translation(s, a, page=True), ok=200
    ),
    ("POST", P + "/translations/{lang:str}/approve"): Case(
        "committee", lambda s, a: Send(form={"version": "draft", "all_translated": "true"})
    ),
    ("POST", P + "/translations/{lang:str}/{eid:str}/review"): Case(
        "committee",
        lambda s, a: Send(params={"eid": s.fresh_translation()}, form={"version": "draft", "action": "approve"}),
    ),
    ("GET", P + "/declaration/aligned"): Case("read"),
    ("GET", P + "/glossary"): Case("read"),
    ("POST", P + "/glossary/proposals"): Case(
        "translate", lambda s, a: Send(form={"source": f"término {s.n()}", "fr": "terme", "note": "Uso."})
    ),
    ("POST", P + "/glossary/proposals/{proposal:int}"): Case(
        "committee", lambda s, a: Send(params={"proposal": fresh_proposal(s)}, form={"action": "approve"})
    ),
    ("POST", P + "/translations/{lang:str}/replace"): Case(
        "translate",
        lambda s, a: Send(form={"find": "Paragraphe", "replace": "Alinéa", "version": "draft", "action": "preview"}),
        ok=200,
    ),
    ("POST", P + "/glossary"): Case(
        "committee",
        lambda s, a: Send(
            form={
                "revision": translations.get_glossary(s.store, s.committee, SLUG).revision,
                "terms": f"término {s.n()} = fr: terme",
            }
        ),
    ),
    # -- publication: the committee's gate and form; the public pages (the matrix process is unpublished)
    ("GET", A + "/gate"): Case("committee", lambda s, a: Send(query={"version": "1"})),
    ("POST", A + "/publications"): Case(
        "committee", lambda s, a: Send(json={"version": "1", "symbol": "UCLG/X/1"}), ok=409
    ),
    ("GET", A + "/publications"): Case("unpublished"),
    ("GET", A + "/publications/{number:int}/{name:str}"): Case(
        "unpublished", lambda s, a: Send(params={"number": 1, "name": "x.es.pdf"})
    ),
    ("GET", A + "/publications/{number:int}/manifest.json"): Case(
        "unpublished", lambda s, a: Send(params={"number": 1})
    ),
    ("GET", A + "/publications/{number:int}/manifest.json.minisig"): Case(
        "unpublished", lambda s, a: Send(params={"number": 1})
    ),
    # Anyone asks whether a file is a genuine published one (nothing kept); the instance's keys, for anyone.
    ("POST", "/api/verify"): Case("public", lambda s, a: Send(content=("application/pdf", b"%PDF-1.7 not ours"))),
    ("GET", "/.well-known/accord-keys.json"): Case("public"),
    ("GET", "/verify"): Case("public"),
    ("POST", "/verify"): Case(
        "public", lambda s, a: Send(form={}, files={"file": ("x.pdf", b"%PDF-1.7 not ours")}), ok=200
    ),
    ("POST", A + "/gate/kept"): Case(
        "committee", lambda s, a: Send(json={"version": "2", "leftover": _leftover(s)}), ok=201
    ),
    ("DELETE", A + "/gate/kept/{leftover:str}"): Case(
        "committee", lambda s, a: Send(params={"leftover": _leftover(s)})
    ),
    ("POST", P + "/publish/kept"): Case(
        "committee", lambda s, a: Send(form={"version": "2", "leftover": _leftover(s)})
    ),
    ("POST", P + "/publish/kept/take-back"): Case(
        "committee", lambda s, a: Send(form={"version": "2", "leftover": _leftover(s)})
    ),
    ("GET", P + "/publish"): Case("committee"),
    ("POST", P + "/publish"): Case("committee", lambda s, a: Send(form={"version": "1", "symbol": "UCLG/X/1"}), ok=409),
    ("GET", P + "/publications"): Case("unpublished"),
    ("GET", P + "/publications.atom"): Case("unpublished"),
    ("GET", P + "/parallel"): Case("unpublished"),
    ("GET", P + "/publications/{number:int}/{name:str}"): Case(
        "unpublished", lambda s, a: Send(params={"number": 1, "name": "x.es.pdf"})
    ),
    ("GET", P + "/{lang:str}"): Case("unpublished", lambda s, a: Send(params={"lang": "fr"})),
    # -- pages: the discussion and the inbox -----------------------------------------------------
    ("GET", P + "/discuss/{eid:str}"): Case("read", lambda s, a: Send(query={"version": "1"})),
    ("GET", P + "/discuss/{eid:str}/threads"): Case("read", lambda s, a: Send(query={"version": "1"})),
    # A reading page's paragraphs asked again when an event names them (pages/live_parts.py).
    ("GET", P + "/declaration/live"): Case("read", lambda s, a: Send(query={"text": "1", "eid": "op_1"})),
    ("POST", P + "/discuss/{eid:str}"): Case(
        "comment", lambda s, a: Send(form={"version": "1", "eid": s.eid, "exact": "", "body": "Hilo."})
    ),
    ("GET", P + "/threads"): Case("read"),
    ("GET", P + "/threads/{number:str}"): Case("read", lambda s, a: Send(params={"number": s.fresh_thread()})),
    ("POST", P + "/threads/{number:str}/reply"): Case(
        "comment", lambda s, a: Send(params={"number": s.fresh_thread()}, form={"body": "Respuesta."})
    ),
    ("POST", P + "/threads/{number:str}/resolve"): Case(
        "committee", lambda s, a: Send(params={"number": s.fresh_thread()}, form={})
    ),
    ("POST", P + "/threads/{number:str}/reopen"): Case(
        "committee", lambda s, a: Send(params={"number": s.fresh_thread(resolved=True)}, form={})
    ),
    ("POST", P + "/threads/{number:str}/follow"): Case(
        "read", lambda s, a: Send(params={"number": s.fresh_thread()}, form={"follow": "1"})
    ),
    ("POST", P + "/threads/{number:str}/comments/{comment_id:str}/edit"): Case(
        "proposer", lambda s, a: Send(params=s.commented(), form={"body": "Corregido."})
    ),
    ("POST", P + "/threads/{number:str}/comments/{comment_id:str}/delete"): Case(
        "proposer", lambda s, a: Send(params=s.commented(), form={})
    ),
    ("GET", "/inbox"): Case("signed in"),
    ("POST", "/inbox/read"): Case("signed in", lambda s, a: Send(form={})),
}


# -- meetings (issue 66): a plenary reaches everyone in the process, an informal only those it invites
# (test_an_informal_is_not_there_for_anyone_it_does_not_invite) -------------------------------------------------
def plenary(scene: Scene, *, fresh: bool = False) -> int:
    """An open plenary on the working draft: the matrix's own (made once, never closed), or a fresh one."""
    kept = getattr(scene, "plenary", None)
    if kept is None or fresh:
        made = meetings.schedule_meeting(scene.store, scene.committee, SLUG, ScheduleMeeting(title="Plenaria"))
        meetings.set_state(scene.store, scene.committee, SLUG, made.id, SetMeetingState(state="open"))
        if fresh:
            return made.id
        kept = scene.plenary = made.id  # type: ignore[attr-defined]
    return int(kept)


def asked_floor(scene: Scene) -> Send:
    """A fresh plenary where ARG asked for the floor (request 1)."""
    number = plenary(scene, fresh=True)
    meetings.ask_floor(scene.store, scene.committee, SLUG, number, AskFloor(delegation="ARG"))
    return Send(params={"number": number, "turn": 1})


def vote_open(scene: Scene) -> Send:
    """A fresh plenary with a vote open on the matrix's paragraph (vote 1)."""
    number = plenary(scene, fresh=True)
    meetings.open_vote(scene.store, scene.committee, SLUG, number, OpenVote(on=VoteOn(eid=scene.eid)))
    return Send(params={"number": number, "vote": 1})


def typed(scene: Scene, page: bool = False) -> Send:
    eid, revision = scene.fresh_paragraph()
    body = {"text": f"Párrafo [tecleado {scene.n()}].", "base_revision": revision, "delegation": "ARG"}
    params = {"number": plenary(scene), "eid": eid}
    return Send(params=params, form=body) if page else Send(params=params, json=body)


def room_position(scene: Scene) -> Send:
    """ARG's position on the matrix's paragraph from the delegate's page, on the revision stored now (as the page
    shows it); the committee and an administrator name ARG, its member speaks for it."""
    held = positions.list_positions(scene.store, scene.committee, SLUG, eid=scene.eid, delegation="ARG")
    base = str(held[0].revision) if held else "0"
    form = {"eid": scene.eid, "position": "supports", "base": base, "delegation": "ARG"}
    return Send(params={"number": plenary(scene)}, form=form)


def slot_asked(scene: Scene) -> Send:
    """A slot open now in the matrix's plenary on its paragraph, for every delegation: ARG's alternative text."""
    number = plenary(scene)
    due = (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    slot = meetings.open_slot(scene.store, scene.committee, SLUG, number, OpenSlot(eid=scene.eid, due_at=due))
    text = f"Nos comprometemos en la sala {scene.n()}."
    form = {"window": str(slot.number), "eid": scene.eid, "lang": "es", "text": text, "delegation": "ARG"}
    return Send(params={"number": number}, form=form)


def in_plenary(**more: Any) -> Prepare:
    return lambda s, a: Send(params={"number": plenary(s)}, **more)


M = A + "/meetings/{number:int}"
RULES["own delegation"] = {  # a delegation votes for itself: its member (ARG's), nobody for it
    "anonymous": SIGN_IN,
    "stranger": HIDDEN,
    **dict.fromkeys(_ROLES, REFUSED),
    "member": OK,
    "admin": REFUSED,
}
TABLE.update(
    {
        ("POST", A + "/meetings"): Case("committee", lambda s, a: Send(json={"title": f"Reunión {s.n()}"})),
        ("GET", A + "/meetings"): Case("read"),
        ("GET", M): Case("read", in_plenary()),
        ("GET", M + "/room"): Case("read", in_plenary(query={"everything": "true"})),
        ("PUT", M + "/state"): Case(
            "committee", lambda s, a: Send(params={"number": plenary(s, fresh=True)}, json={"state": "suspended"})
        ),
        ("PUT", M + "/pointer"): Case("committee", in_plenary(json={"eid": "next"})),
        ("PUT", M + "/lights/{eid:str}"): Case("committee", in_plenary(json={"light": "yellow", "note": "Cambios."})),
        ("GET", M + "/lights"): Case("read", in_plenary()),
        ("POST", M + "/floor"): Case(
            "member write",
            lambda s, a: Send(
                params={"number": plenary(s, fresh=True)}, json={"delegation": "ARG", "intent": "object"}
            ),
        ),
        ("GET", M + "/floor"): Case("read", in_plenary()),
        ("POST", M + "/floor/next"): Case("committee", in_plenary()),
        ("DELETE", M + "/floor/{turn:int}"): Case("member write", lambda s, a: asked_floor(s)),
        ("PUT", M + "/text/{eid:str}"): Case("committee", lambda s, a: typed(s)),
        ("POST", M + "/slots"): Case(
            "committee",
            lambda s, a: Send(
                params={"number": plenary(s)},
                json={"eid": s.eid, "due_at": (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
            ),
        ),
        ("POST", M + "/votes"): Case(
            "committee",
            lambda s, a: Send(params={"number": plenary(s, fresh=True)}, json={"on": {"eid": s.eid}}),
        ),
        ("PUT", M + "/votes/{vote:int}/ballots/{code:str}"): Case(
            "own delegation", lambda s, a: replace_send(vote_open(s), json={"vote": "abstain"})
        ),
        ("POST", M + "/votes/{vote:int}/close"): Case("committee", lambda s, a: vote_open(s)),
        ("GET", M + "/votes"): Case("read", in_plenary()),
        ("GET", M + "/pack"): Case("read", in_plenary(query={"lang": "es"})),
        ("GET", M + "/events"): Case("read", in_plenary()),
    }
)
# The room's pages (pages/meetings.py) and the forms they send (pages/meeting_actions.py): a form sent without
# asking for JSON goes back to its page (303), as without script.
MP = P + "/meetings/{number:int}"
RULES["screen"] = {**RULES["read"], "anonymous": HIDDEN}  # a public plenary's alone is read signed out (a webcast)
TABLE.update(
    {
        ("GET", P + "/meetings"): Case("read"),
        ("POST", P + "/meetings"): Case("committee", lambda s, a: Send(form={"title_es": f"Reunión {s.n()}"})),
        ("GET", MP): Case("read", in_plenary()),
        ("GET", MP + "/screen"): Case("screen", in_plenary()),
        ("GET", MP + "/screen/events"): Case("screen", in_plenary()),  # the app's streams end at once here
        ("GET", MP + "/chair"): Case("committee", in_plenary()),
        ("POST", MP + "/state"): Case(
            "committee", lambda s, a: Send(params={"number": plenary(s, fresh=True)}, form={"state": "suspended"})
        ),
        ("POST", MP + "/pointer"): Case("committee", in_plenary(form={"eid": "next"})),
        ("POST", MP + "/lights"): Case(
            "committee", lambda s, a: Send(params={"number": plenary(s)}, form={"eid": s.eid, "light": "yellow"})
        ),
        ("POST", MP + "/floor"): Case(
            "member write",
            lambda s, a: Send(
                params={"number": plenary(s, fresh=True)}, form={"delegation": "ARG", "intent": "object"}
            ),
        ),
        ("POST", MP + "/floor/next"): Case("committee", in_plenary(form={})),
        ("POST", MP + "/floor/{turn:int}/remove"): Case(
            "member write", lambda s, a: replace_send(asked_floor(s), form={})
        ),
        ("POST", MP + "/text/{eid:str}"): Case("committee", lambda s, a: typed(s, page=True)),
        ("POST", MP + "/slots"): Case(
            "committee",
            lambda s, a: Send(
                params={"number": plenary(s)},
                form={"eid": s.eid, "due_at": (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
            ),
        ),
        ("POST", MP + "/votes"): Case(
            "committee", lambda s, a: Send(params={"number": plenary(s, fresh=True)}, form={"eid": s.eid})
        ),
        ("POST", MP + "/votes/{vote:int}/ballot"): Case(  # the delegate's page names no delegation: the reader's own
            "own delegation", lambda s, a: replace_send(vote_open(s), form={"vote": "abstain"})
        ),
        ("POST", MP + "/votes/{vote:int}/close"): Case("committee", lambda s, a: replace_send(vote_open(s), form={})),
        ("POST", MP + "/position"): Case("member write", lambda s, a: room_position(s)),
        ("POST", MP + "/answer"): Case("member write", lambda s, a: slot_asked(s)),
    }
)


# Search (issue 68): a process's texts for those who read it; every process one reads and the published
# declarations for anyone (signed out: the published ones only). What each finds is tests/web/api/test_search_api.py's.
FIND = lambda s, a: Send(query={"q": "ciudades"})  # noqa: E731
TABLE.update(
    {
        ("GET", A + "/search"): Case("read", FIND),
        ("GET", "/api/search"): Case("public", FIND),
        ("GET", P + "/search"): Case("read", FIND),
        ("GET", "/search"): Case("public", FIND),
    }
)


def replace_send(what: Send, **changes: Any) -> Send:
    return dataclasses.replace(what, **changes)


# OPTIONS answers every path by itself (web/allow.py): the same 204 with the path's methods for everyone, no database
# read.
RULES["options"] = dict.fromkeys(ACTORS, OK)
TABLE.update({("OPTIONS", path): Case("options", ok=204) for path in {path for _, path in TABLE}})


def app_routes(app: Litestar) -> dict[tuple[str, str], Any]:
    """(method, path template) → handler, for every route but the documentation and static files."""
    found = {}
    for route in app.routes:
        if route.path.startswith(("/schema", "/static")):
            continue
        for handler in getattr(route, "route_handlers", ()):
            for method in handler.http_methods:
                found[(method, route.path)] = handler
    return found


def test_the_table_names_every_route_of_the_app(sqlite_url, settings_for):
    routes = set(app_routes(create_app(settings_for(sqlite_url))))
    assert routes - set(TABLE) == set(), "routes without a rule in TABLE"
    assert set(TABLE) - routes == set(), "rules in TABLE for routes that no longer exist"
    assert {case.rule for case in TABLE.values()} <= set(RULES)


# -- one populated app per backend --------------------------------------------------------------
@pytest.fixture(scope="module")
def quick_hashing() -> Iterator[None]:
    """Light password hashing, and no rate for comments, threads and amendments: the matrix makes hundreds
    as a few people in one database (the rates have tests of their own)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
        patch.setattr(pace, "LIMITS", dict.fromkeys(pace.LIMITS, ()))
        yield


def _populate(store: Any) -> tuple[dict[str, Actor], str, str, str, str]:
    people = {}
    for who in ("committee", "member", "translator", "observer", "stranger", "admin", "proposer"):
        email = f"{who}@example.org"
        accounts.add_user(store, SYSTEM, email, who.title(), PASSWORD, is_admin=who == "admin")
        people[who] = accounts.authenticate(store, email, PASSWORD)
    committee = people["committee"]
    processes.create_process(store, committee, ProcessDraft(slug=SLUG, titles=TITLES, **SETTINGS))
    for role, languages in (("member", ()), ("translator", ("fr",)), ("observer", ())):
        join(store, committee, SLUG, people[role], role, languages)
    join(store, committee, SLUG, people["proposer"], "member")  # amendments the others co-sponsor
    processes.create_process(
        store, people["stranger"], ProcessDraft(slug=OTHER, titles={"fr": "Autre"}, source_language="fr")
    )
    session = consultations.create_session(store, committee, SLUG, SESSION).ref
    member_rec = consultations.add_recommendation(
        store, people["member"], SLUG, session, RecommendationFields(text="Del miembro")
    ).ref
    committee_rec = consultations.add_recommendation(
        store, committee, SLUG, session, RecommendationFields(text="Del comité")
    ).ref
    eid = draft.add_paragraph(store, committee, SLUG, AddParagraph(kind="operative", text="Nos comprometemos.")).eid
    draft.circulate(store, committee, SLUG, Circulate(label="Borrador cero"))
    # A footnote marker it never defines: a leftover of Rev.1 the committee may keep on purpose (the gate's routes).
    draft.add_paragraph(store, committee, SLUG, AddParagraph(kind="preambular", text="Reconociendo[^1]."))
    draft.circulate(store, committee, SLUG, Circulate(label="Rev.1"))
    # The member speaks for Argentina: positions are taken on its behalf (the committee may act for any delegation).
    delegations.add_delegation(store, committee, SLUG, AddDelegation(code="ARG", names={"es": "Argentina"}))
    processes.update_member(store, committee, SLUG, "member@example.org", MemberChange(delegation="ARG"))
    return people, session, member_rec, committee_rec, eid


@pytest.fixture(scope="module")
def scene(module_db_url: str, quick_hashing: None) -> Iterator[Scene]:
    app = create_app(
        Settings.from_env(
            {},
            database_url=module_db_url,
            secret_key="test-secret-key-0123456789abcdef",
            jobs_in_process=False,
            stream_seconds=0,
        )
    )
    people, session, member_rec, committee_rec, eid = _populate(app.state.db)
    with TestClient(app) as client:
        jars, tokens = {}, {}
        for actor in ACTORS:
            jars[actor] = signed_in(client, actor)
            if actor != "anonymous":
                tokens[actor] = accounts.create_token(app.state.db, people[actor], "matrix").token
        yield Scene(app, people, tokens, jars, session, member_rec, committee_rec, eid, client)


def signed_in(client: TestClient, actor: str) -> dict[str, str]:
    """The cookies of a browser in which `actor` signed in (none for the anonymous visitor but the CSRF one)."""
    client.cookies.clear()
    client.get("/signin")  # the CSRF cookie a browser holds
    if actor != "anonymous":
        signed = client.post(
            "/signin",
            data={
                "email": f"{actor}@example.org",
                "password": PASSWORD,
                "_csrf_token": client.cookies.get("accord_csrf"),
            },
            follow_redirects=False,
        )
        assert signed.status_code == 303, signed.text
        client.get("/signin")  # the CSRF token is new at sign-in: the next page gives it
    return dict(client.cookies)


# -- sending, and what an answer must be --------------------------------------------------------
_PARAM = re.compile(r"\{(\w+):\w+\}")


def send(scene: Scene, actor: str, method: str, template: str, slug: str, what: Send) -> Any:
    client: TestClient = scene.client
    params = {
        "slug": slug,
        "ref": scene.session,
        "eid": scene.eid,
        "email": "observer@example.org",
        "token_id": 1,
        "token": "no-such-invitation",
        "number": 1,
        "comment_id": 1,
        "mail_id": 1,
        "lang": "fr",
        "name": "x.es.pdf",
        "code": "ARG",
        "bracket": "op_1~0000000000",
        "proposal": 1,
        "leftover": "footnote:pre_1:1",
        "turn": 1,
        "vote": 1,
        "hook_id": 1,
        **what.params,
    }
    path = _PARAM.sub(lambda m: str(params[m.group(1)]), template)
    client.cookies.clear()
    for name, value in scene.jars[actor].items():  # never saved back: each request starts from the sign-in
        client.cookies.set(name, value)
    headers = (
        {"Authorization": f"Bearer {scene.tokens[actor]}"} if path.startswith("/api") and actor in scene.tokens else {}
    )
    headers = {**headers, **(what.headers or {})}
    kwargs: dict[str, Any] = {"headers": headers, "params": what.query, "follow_redirects": False}
    if what.json is not None or (path.startswith("/api") and method in ("POST", "PUT") and what.form is None):
        kwargs["json"] = what.json
    if what.content is not None:
        kwargs.pop("json", None)
        kwargs["headers"] = {**headers, "Content-Type": what.content[0]}
        kwargs["content"] = what.content[1]
    if what.form is not None:  # a form carries the CSRF token as a browser sends it
        kwargs["data"] = {**what.form, "_csrf_token": scene.jars[actor]["accord_csrf"]}
        kwargs["files"] = what.files
    return client.request(method, path, **kwargs)


def check(response: Any, outcome: str, ok: int, page: bool, path: str) -> str | None:
    """What is wrong with the answer, or None."""
    status = response.status_code
    kind = response.headers.get("content-type", "")
    if kind.lower().count("charset=") > 1:  # Litestar adds it to text/*: a handler that names it too doubles it
        return f"a content type naming its charset twice: {kind}"
    if outcome == OK:
        return None if status == ok else f"expected {ok}, got {status}: {response.text[:300]}"
    if outcome == SIGN_IN and page:
        location = response.headers.get("location", "")
        return (
            None
            if status == 302 and location == f"/signin?next={path}"
            else f"expected a redirect to sign in, got {status} {location}"
        )
    wanted = {SIGN_IN: 401, REFUSED: 403, HIDDEN: 404, IMMUTABLE: 409}[outcome]
    if status != wanted:
        return f"expected {wanted}, got {status}: {response.text[:300]}"
    if page:
        return None if response.headers["content-type"].startswith("text/html") else "an error page that is not HTML"
    body = response.json()
    if set(body) != {"error", "detail"} or not body["error"]:
        return f"an error that is not {{error, detail}}: {body}"
    return None


def answer(response: Any, slug: str) -> tuple[int, str, str, str]:
    """An answer with the process's slug taken out: equal for a real and a missing process."""

    def plain(value: str) -> str:
        return value.replace(slug, "{slug}")

    return (
        response.status_code,
        response.headers.get("content-type", ""),
        plain(response.headers.get("location", "")),
        plain(response.text),
    )


@pytest.mark.parametrize(("method", "template"), sorted(TABLE), ids=[f"{m} {p}" for m, p in sorted(TABLE)])
def test_every_person_gets_what_the_rule_says(scene, method, template):
    case = TABLE[(method, template)]
    handler = app_routes(scene.app)[(method, template)]
    page = not template.startswith("/api")
    ok = case.ok or ((200 if method == "GET" else 303) if page else handler.status_code)
    writes = method not in ("GET", "HEAD", "OPTIONS")
    rule = RULES[case.rule]
    problems = []
    # What the database holds before each refused write: the state the last refusal left (refusals run first
    # and must write nothing), read again when a preparation may have made something for this actor.
    prepares_nothing = case.prepare is nothing_to_prepare
    before = None
    for actor in sorted(ACTORS, key=lambda a: rule[a] == OK):  # refusals first, on the state they found
        what = case.prepare(scene, actor)
        outcome = rule[actor]
        if writes and outcome != OK and (before is None or not prepares_nothing):
            before = state(scene.store)
        response = send(scene, actor, method, template, SLUG, what)
        path = response.request.url.path
        problem = check(response, outcome, ok, page, path)
        if problem:
            problems.append(f"{actor}: {problem}")
        if writes and outcome != OK and (after := state(scene.store)) != before:
            problems.append(f"{actor}: refused, but something was written")
            before = after
        if outcome in (HIDDEN, SIGN_IN) and "{slug" in template:
            # Nothing in the answer may tell a real process from a missing one: status, body, language.
            missing = send(scene, actor, method, template, MISSING, what)
            if answer(response, SLUG) != answer(missing, MISSING):
                problems.append(
                    f"{actor}: answers differ for a real and a missing process:\n"
                    f"  real:    {answer(response, SLUG)[:3]} {response.text[:200]!r}\n"
                    f"  missing: {answer(missing, MISSING)[:3]} {missing.text[:200]!r}"
                )
            if writes and outcome != OK and (after := state(scene.store)) != before:
                problems.append(f"{actor}: refused on a missing process, but something was written")
                before = after
        if what.undo and outcome == OK:
            what.undo()
    assert not problems, f"{method} {template} ({case.rule}):\n" + "\n".join(problems)


# -- an informal's secrecy (issue 66) --------------------------------------------------------------------------
NOT_INVITED = ("member", "observer", "translator")


def as_number(text: str, number: int) -> str:
    """`text` as said of meeting `number` rather than of the absent one: its number where it stands alone (a path, a
    message), never inside a longer run of digits and letters (a CSRF token held "…bbf9999335…", which became
    "…bbf90335…" and told the two answers apart)."""
    return re.sub(rf"(?<![0-9A-Za-z]){ABSENT}(?![0-9A-Za-z])", str(number), text)


"""People of the process whose delegation an informal does not invite (ARG's member, and two who speak for none)."""
MEETING_ROUTES = sorted(key for key in TABLE if "/meetings/{number:int}" in key[1] and key[0] != "OPTIONS")
ABSENT = 9999


def informal(scene: Scene) -> int:
    """An open informal inviting INV alone, with INV's request for the floor and a vote open: made once."""
    kept = getattr(scene, "informal", None)
    if kept is None:
        delegations.add_delegation(
            scene.store, scene.committee, SLUG, AddDelegation(code="INV", names={"es": "Invitada"})
        )
        made = meetings.schedule_meeting(
            scene.store, scene.committee, SLUG, ScheduleMeeting(title="Consultas", kind="informal", delegations=["INV"])
        )
        kept = scene.informal = made.id  # type: ignore[attr-defined]
        meetings.set_state(scene.store, scene.committee, SLUG, kept, SetMeetingState(state="open"))
        meetings.ask_floor(scene.store, scene.committee, SLUG, kept, AskFloor(delegation="INV"))
        meetings.open_vote(scene.store, scene.committee, SLUG, kept, OpenVote(on=VoteOn(eid=scene.eid)))
    return int(kept)


@pytest.mark.parametrize(("method", "template"), MEETING_ROUTES, ids=[f"{m} {p}" for m, p in MEETING_ROUTES])
def test_an_informal_is_not_there_for_anyone_it_does_not_invite(scene, method, template):
    """On every route of a meeting, a member and an observer of the process that the informal does not invite get
    the answer a meeting that does not exist gets (body and language included), and write nothing; the committee
    reads it."""
    case = TABLE[(method, template)]
    number = informal(scene)
    page = not template.startswith("/api")
    writes = method not in ("GET", "HEAD", "OPTIONS")
    problems = []
    if page:  # the matrix's requests before this one end sessions (a new password, signing out)
        for actor in (*NOT_INVITED, "committee"):
            scene.jars[actor] = signed_in(scene.client, actor)
    for actor in NOT_INVITED:
        what = case.prepare(scene, actor)
        before = state(scene.store)
        response = send(
            scene, actor, method, template, SLUG, replace_send(what, params={**what.params, "number": number})
        )
        if problem := check(response, HIDDEN, 0, page, response.request.url.path):
            problems.append(f"{actor}: {problem}")
        absent = send(
            scene, actor, method, template, SLUG, replace_send(what, params={**what.params, "number": ABSENT})
        )
        status, kind, location, body = answer(absent, SLUG)
        told = (status, kind, as_number(location, number), as_number(body, number))
        if answer(response, SLUG) != told:
            problems.append(f"{actor}: told apart from a meeting that does not exist: {response.text[:200]!r}")
        if writes and state(scene.store) != before:
            problems.append(f"{actor}: refused, but something was written")
    if method == "GET":
        what = case.prepare(scene, "committee")
        read = send(
            scene, "committee", method, template, SLUG, replace_send(what, params={**what.params, "number": number})
        )
        if read.status_code != (case.ok or 200):
            problems.append(f"committee: {read.status_code} {read.text[:200]}")
    assert not problems, f"{method} {template} (an informal):\n" + "\n".join(problems)


# -- the activity list and the live events: every kind of entry, each person ---------------------------------------
HEARD = "oyentes"  # a process of its own: one entry of each kind, read by each person once
LEVELS = {
    "committee": Readers.COMMITTEE,
    "admin": Readers.COMMITTEE,
    "translator": Readers.TRANSLATORS,  # of French: the proposed terms below are translated into English only
    "member": Readers.PROCESS,
    "observer": Readers.PROCESS,
}
"""Whose entries each person of the matrix reads (domain.processes.audience): the outsiders read none."""


def _record_every_kind(store: Any, committee: Actor) -> None:
    """One entry of each kind a process holds, as on a circulated version; some as on the working draft, each way
    an entry says so; a position recorded while positions were public (they are not now); a proposed term recorded
    before proposals were the translators' (numbered for everyone, as migration 0039 leaves it)."""
    kinds = sorted(verb for verb, audience in AUDIENCES.items() if audience is not Readers.ADMINS)
    with store.writer() as tx:
        process = tx.scalars(select(Process).where(Process.slug == HEARD)).one()
        for n, verb in enumerate(kinds):
            record(tx, committee, verb, f"session:m{n}", process, mark=n)
        record(tx, committee, "amendment.rendered", "amendment:D1", process)  # an item of the draft's series
        record(tx, committee, "amendment.proposed", "amendment:D2", process, on_draft=True)
        record(tx, committee, "thread.opened", "thread:D1", process, version="draft")
        record(tx, committee, "position.set", "delegation:ARG", process, amendment="D2")
        record(tx, committee, "delegation.added", "delegation:XYZ", process, committee_only=True)
        tx.flush()
        last = tx.execute(
            select(func.max(Activity.seq), func.max(Activity.translators_seq), func.max(Activity.shared_seq)).where(
                Activity.process_id == process.id
            )
        ).one()
        tx.add(
            Activity(
                process_id=process.id,
                verb="glossary.proposed",
                subject="glossary_proposal:0",
                data={"term": "antes"},
                seq=last[0] + 1,
                translators_seq=last[1] + 1,
                shared_seq=last[2] + 1,
            )
        )
        tx.commit()


@pytest.fixture(scope="module")
def heard(scene: Scene) -> list[Activity]:
    """The process HEARD with the four roles in it: every kind of entry, and proposed terms approved and rejected
    through their use cases. Its entries, as the database holds them."""
    committee, people = scene.committee, scene.people
    processes.create_process(scene.store, committee, ProcessDraft(slug=HEARD, titles=TITLES, **SETTINGS))
    for role, languages in (("member", ()), ("translator", ("fr",)), ("observer", ())):
        join(scene.store, committee, HEARD, people[role], role, languages)
    _record_every_kind(scene.store, committee)
    kept = translations.propose_term(
        scene.store, people["translator"], HEARD, ProposeTerm(source="ciudad intermedia", translations={"en": "city"})
    )
    dropped = translations.propose_term(
        scene.store, people["translator"], HEARD, ProposeTerm(source="territorio", translations={"en": "land"})
    )
    translations.approve_proposal(scene.store, committee, HEARD, kept.id)
    translations.reject_proposal(scene.store, committee, HEARD, dropped.id, RejectProposal(reason="No."))
    with scene.store.reader() as tx:
        process_id = tx.scalars(select(Process.id).where(Process.slug == HEARD)).one()
        return list(tx.scalars(select(Activity).where(Activity.process_id == process_id).order_by(Activity.id)))


def _key(verb: str, subject: str) -> tuple[str, str]:
    """An entry as every reader is shown it (an invitation's address only to some)."""
    return verb, "invitation:" if subject.startswith("invitation:") else subject


async def _read_stream(app: Litestar, path: str, headers: list[tuple[bytes, bytes]], wanted: int) -> Any:
    """GET `path` as an EventSource does, until `wanted` events have come, then hang up: a bounded read (the stream
    sends what it holds at once, in one write), not a wait for the stream's end. (status, the events' JSON)"""
    done, asked, status, buffer, events = anyio.Event(), False, 0, b"", []

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, buffer
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            *blocks, buffer = (buffer + message.get("body", b"")).split(b"\n\n")
            for block in blocks:
                fields = dict(line.split(": ", 1) for line in block.decode().splitlines() if ": " in line)
                if "id" in fields:
                    events.append(json.loads(fields["data"]))
            if len(events) >= wanted or not message.get("more_body"):
                done.set()

    path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", b"testserver"), (b"accept", b"text/event-stream"), *headers],
        "client": ("testclient", 50000),
        "server": ("testserver", 80),
    }
    with anyio.fail_after(10):
        await app(scope, receive, send)  # type: ignore[arg-type]
    return status, events


def streams(scene: Scene, wanted: dict[str, int]) -> dict[str, Any]:
    """The events of HEARD from the start as each actor follows them, all at once (`wanted`: how many to wait for):
    through the API (a token) for some, as a page does (its session cookie) for the others. The matrix's app ends its
    streams at once: these are open."""
    found: dict[str, Any] = {}

    async def read(actor: str) -> None:
        if actor in ("translator", "admin", "stranger"):
            headers = [(b"authorization", f"Bearer {scene.tokens[actor]}".encode())]
        else:
            jar = "; ".join(f"{name}={value}" for name, value in scene.jars[actor].items())
            headers = [(b"cookie", jar.encode())]
        path = f"/api/processes/{HEARD}/events?after=0"
        found[actor] = await _read_stream(scene.app, path, headers, wanted[actor])

    async def read_all() -> None:
        async with anyio.create_task_group() as group:
            for actor in wanted:
                group.start_soon(read, actor)

    settings = scene.app.state.settings
    scene.app.state.settings = dataclasses.replace(settings, stream_seconds=60)
    try:
        scene.client.blocking_portal.call(read_all)
    finally:
        scene.app.state.settings = settings
    return found


def _page(response: Any) -> tuple[int, list[str]]:
    """The activity page's rows, and the subjects its links name (sessions, amendments, threads)."""
    table = BeautifulSoup(response.text, "html.parser").find("table", class_="activity")
    rows = table.tbody.find_all("tr") if table is not None else []
    named = [link["href"].split("/")[-2:] for row in rows for link in row.find_all("a", href=True)]
    return len(rows), sorted(f"{kind.removesuffix('s')}:{ref}" for kind, ref in named)


def test_each_kind_of_entry_reaches_exactly_its_audience_in_the_activity_and_the_events(scene, heard):
    """Each person reads, in the activity (API and page) and in the live events, exactly the entries whose audience
    they are in, in a numbering that counts only those (no gap tells of the others); outsiders none of them."""
    legacy = [a for a in heard if a.subject == "glossary_proposal:0"]  # numbered for everyone before 0039
    for level in set(LEVELS.values()):
        numbers = [getattr(a, NUMBERING[level].key) for a in heard]
        assert [n for n in numbers if n is not None] == list(range(1, len(heard) + 1 - numbers.count(None)))
        assert [a for a, n in zip(heard, numbers, strict=True) if n is not None and a not in legacy] == [
            a for a in heard if reads(level, audience_of(a.verb, a.subject, a.data)) and a not in legacy
        ], level
    for actor in LEVELS:  # the matrix's requests before this one end sessions (a new password, signing out)
        scene.jars[actor] = signed_in(scene.client, actor)
    problems = []
    wanted = {
        actor: [a for a in heard if reads(level, audience_of(a.verb, a.subject, a.data)) and a.verb not in hidden]
        for actor, level in LEVELS.items()
        for hidden in [hidden_kinds(level, False)]  # the matrix's processes keep delegations' positions private
    }
    followed = streams(
        scene, {actor: len(entries) for actor, entries in wanted.items()} | {"stranger": 1, "anonymous": 1}
    )
    for actor, level in LEVELS.items():
        proposals = [a for a in wanted[actor] if a.subject.startswith("glossary_proposal:")]  # issue 65's finding
        assert len(proposals) == (0 if actor in ("member", "observer") else 1 + 2 + 2), actor
        expected = Counter(_key(a.verb, a.subject) for a in wanted[actor])
        listed = send(scene, actor, "GET", A + "/activity", HEARD, Send(query={"limit": 1000})).json()
        if Counter(_key(e["verb"], e["subject"]) for e in listed) != expected:
            problems.append(f"{actor}: the activity lists {sorted(_key(e['verb'], e['subject']) for e in listed)}")
        linked = sorted(s for _, s in expected.elements() if s.partition(":")[0] in ("session", "amendment", "thread"))
        if (shown := _page(send(scene, actor, "GET", P + "/activity", HEARD, Send()))) != (len(wanted[actor]), linked):
            problems.append(f"{actor}: the activity page shows {shown}")
        status, events = followed[actor]
        sent = [(e["id"], *_key(e["verb"], e["subject"])) for e in events]
        numbered = sorted((getattr(a, NUMBERING[level].key), *_key(a.verb, a.subject)) for a in wanted[actor])
        if status != 200 or sent != numbered:
            problems.append(f"{actor}: the stream sends {status} {sent}")
    for actor, refused in (("stranger", 404), ("anonymous", 401)):
        listed_status = send(scene, actor, "GET", A + "/activity", HEARD, Send()).status_code
        status, events = followed[actor]
        if (listed_status, status, events) != (refused, refused, []):
            problems.append(f"{actor}: {listed_status} {status} {events}")
    assert not problems, "\n".join(problems)
