"""Every kind of mail in its reader's language (issue 67): the account's language, else that of the browser the person
last signed in with, else the process's; never the language of whoever caused the mail.

The real app and a real SMTP server (aiosmtpd): five readers sign in (or do not) through HTTP, each in their own
situation, then one thing happens that mails all five, and each mail must be in that reader's language:

- `account-fr`: the account says French (chosen on the account page), signed in from an English browser;
- `browser-es`, `browser-en`, `browser-fr`: the account says "the language of my browser", and they last signed in
  from a Spanish (after a French), an English, and a French one (chosen on the page's switcher before signing in,
  over an English Accept-Language);
- `never`: never signed in: the process's language (Spanish). A link asked for at a page (a password, a sign-in) has
  no process: it is in the language of the page that asked (French here) when the account tells nothing.

The app runs no worker (`jobs_in_process=False`): the due work is done in the test's thread, as `accord worker` would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from huey import MemoryHuey
from litestar.testing import TestClient

from tests.conftest import PASSWORD, People, join, restored
from tests.integration.mailbox import import_zero
from tests.web.conftest import another_browser, form_post
from tests.web.pages.test_mail_web import publish_tiny, sign_in_link, text_of
from tests.web.pages.test_pages_support import SLUG, html
from workspace.domain.amendments.amendment_commands import DecideAmendment, ProposeAmendment, SetDeadline, StartSilence
from workspace.domain.comments.comment_commands import CommentText, OpenThread
from workspace.domain.consultations.consultations import MemberDraft
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate
from workspace.domain.notifications.news import ChooseNews
from workspace.domain.translations.translations import SaveTranslation, SendBack
from workspace.services import accounts, amendments, comments, processes, translations
from workspace.services.actor import SYSTEM, Actor
from workspace.services.declaration import draft
from workspace.services.notifications import batches, preferences, schedule
from workspace.settings import Settings
from workspace.store.db import Store
from workspace.store.types import utcnow
from workspace.worker.jobs import Jobs

PUBLIC = "https://accord.example.org"
GREETING = {"es": "Hola", "en": "Hello", "fr": "Bonjour"}
"""How each language's mails begin (the catalogs' "Hello %(name)s," and "Hello,")."""
SITUATIONS = ("account-fr", "browser-es", "browser-en", "browser-fr", "never")
ASKED_FROM = "fr"
"""The language of the page that asks for a link by mail (a password's, a sign-in's)."""


def expected(situation: str, kind: str) -> str:
    if situation == "never":
        return ASKED_FROM if kind in ACCOUNT_LINKS else "es"  # the link's page, else the process's source language
    return situation.rsplit("-", 1)[1]


def address(situation: str) -> str:
    return f"{situation}@example.org"


@pytest.fixture
def settings_for():
    """The app of the web tests (built once per test process: tests/web/conftest.py), its links on the public URL."""

    def build(url: str) -> Settings:
        return Settings.from_env(
            {},
            database_url=url,
            secret_key="test-secret-key-0123456789abcdef",
            jobs_in_process=False,
            public_url=PUBLIC,
        )

    return build


@pytest.fixture
def jobs(app, mail_server) -> Jobs:
    """The worker's jobs, sending through this test's SMTP server (the app itself sends nothing)."""
    settings = replace(app.state.settings, smtp_url=mail_server.url)
    return Jobs(settings, app.state.db, huey=MemoryHuey("mail-language-tests", results=False))


def browser(app, accept_language: str) -> TestClient:
    """Another browser, its Accept-Language `accept_language`."""
    client = another_browser(app)
    client.headers["Accept-Language"] = accept_language
    return client


def signs_in(app, email: str, accept_language: str, chosen: str | None = None) -> TestClient:
    """`email` signs in with the sign-in page of a browser asking for `accept_language` (and, `chosen`, where the
    page's language switcher chose that first)."""
    client = browser(app, accept_language)
    if chosen is not None:
        assert form_post(client, "/language", {"locale": chosen, "next": "/signin"}).status_code == 303
    done = form_post(client, "/signin", {"email": email, "password": PASSWORD})
    assert done.status_code == 303, done.text
    return client


def situate(app, situation: str) -> None:
    """The reader of `situation` signs in as it says (the account, made already, says "my browser's" at first)."""
    email = address(situation)
    if situation == "account-fr":
        client = signs_in(app, email, "en")
        assert form_post(client, "/language", {"locale": "fr", "next": "/account"}).status_code == 303
    elif situation == "browser-es":
        signs_in(app, email, "fr")
        signs_in(app, email, "es-ES,es;q=0.9,en;q=0.5")  # the last browser's is kept
    elif situation == "browser-en":
        signs_in(app, email, "en-GB")
    elif situation == "browser-fr":
        signs_in(app, email, "en", chosen="fr")  # chosen in the browser: before its Accept-Language


@dataclass
class Scene:
    app: object
    store: Store
    people: People
    jobs: Jobs
    server: object

    def actor(self, situation: str) -> Actor:
        return accounts.actor_by_email(self.store, address(situation))

    def readers(self) -> list[Actor]:
        return [self.actor(s) for s in SITUATIONS]

    def choose(self, **kinds: str) -> None:
        for reader in self.readers():
            preferences.set_notifications(self.store, reader, ChooseNews(kinds=kinds))

    def mails(self) -> list[EmailMessage]:
        """Run the due work; the messages the SMTP server received since the last call."""
        self.jobs.run_pending()
        got = [r.message for r in self.server.messages]  # type: ignore[attr-defined]
        self.server.messages.clear()  # type: ignore[attr-defined]
        return got

    @staticmethod
    def to_readers(messages: list[EmailMessage]) -> dict[str, EmailMessage]:
        """The readers' mails by their address (one each at most); others' are left out."""
        got: dict[str, EmailMessage] = {}
        for message in messages:
            to = message["To"].addresses[0].addr_spec
            if to in {address(s) for s in SITUATIONS}:
                assert to not in got, f"two mails to {to}"
                got[to] = message
        return got

    def thread(self, body: str = "¿Qué niveles?") -> int:
        opened = comments.open_thread(
            self.store, self.people.committee, SLUG, OpenThread(version="1", eid="op_1", body=body)
        )
        return opened.id


# -- what makes each kind of mail (the scene set: the readers are in the process, or not, as `MEMBERSHIP` says) --
def _invitation(scene: Scene) -> None:
    """The committee invites from a French browser, its account saying French: neither is the invited person's."""
    client = signs_in(scene.app, scene.people.committee.email, "fr")
    assert form_post(client, "/language", {"locale": "fr", "next": "/processes"}).status_code == 303
    for situation in SITUATIONS:
        sent = form_post(client, f"/p/{SLUG}/members", {"email": address(situation), "role": "observer"})
        assert sent.status_code in (200, 303), sent.text


def _asked_at_page(path: str) -> Callable[[Scene], None]:
    def ask(scene: Scene) -> None:
        client = browser(scene.app, ASKED_FROM)
        for situation in SITUATIONS:
            assert form_post(client, path, {"email": address(situation)}).status_code == 200

    return ask


def _circulated(scene: Scene) -> None:
    draft.add_paragraph(
        scene.store, scene.people.committee, SLUG, AddParagraph(kind="operative", text="Nos comprometemos.")
    )
    draft.circulate(scene.store, scene.people.committee, SLUG, Circulate(label="Rev.1"))


def _decided(scene: Scene) -> None:
    proposer, *others = scene.readers()
    proposed = amendments.propose(
        scene.store,
        proposer,
        SLUG,
        ProposeAmendment(
            version="1", eid="op_2", kind="modify", text="Pedimos con firmeza apoyo.", rationale="Más claro."
        ),
    )
    for other in others:
        amendments.cosponsor(scene.store, other, SLUG, proposed.number)
    amendments.decide_amendment(
        scene.store, scene.people.committee, SLUG, proposed.number, DecideAmendment(decision="rejected", reason="No.")
    )


def _followed(scene: Scene) -> int:
    thread = scene.thread()
    for reader in scene.readers():
        comments.follow(scene.store, reader, SLUG, thread)
    return thread


def _reply(scene: Scene) -> None:
    comments.add_comment(scene.store, scene.people.committee, SLUG, _followed(scene), CommentText(body="Los tres."))


def _resolved(scene: Scene) -> None:
    scene.choose(thread_resolved="immediate")  # once a day unless chosen
    comments.resolve(scene.store, scene.people.committee, SLUG, _followed(scene))


def _mention(scene: Scene) -> None:
    scene.thread("Pregunta para " + ", ".join(f"@{address(s)}" for s in SITUATIONS) + ".")


def _deadline(scene: Scene) -> None:
    deadline = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    amendments.set_deadline(scene.store, scene.people.committee, SLUG, "1", SetDeadline(deadline=deadline.isoformat()))
    assert schedule.run_schedule(scene.store, scene.jobs.out, deadline - timedelta(hours=23))


def _silence(scene: Scene) -> None:
    ends = utcnow() + timedelta(days=2)
    amendments.start_silence(
        scene.store, scene.people.committee, SLUG, StartSilence(version="1", deadline=ends.isoformat())
    )


def _returned(scene: Scene) -> None:
    """Each reader translated a paragraph of version 1 (into English, the last into French) that is sent back."""
    rows = {
        lang: {r.eid: r for r in translations.list_translations(scene.store, scene.people.committee, SLUG, lang, "1")}
        for lang in ("en", "fr")
    }
    eids = list(rows["en"])
    assert len(eids) >= len(SITUATIONS) - 1, eids
    mine = [*(("en", eid) for eid in eids[: len(SITUATIONS) - 1]), ("fr", eids[0])]
    for reader, (lang, eid) in zip(scene.readers(), mine, strict=True):
        translations.save_translation(
            scene.store,
            reader,
            SLUG,
            lang,
            eid,
            SaveTranslation(text="Words.", source_revision=rows[lang][eid].source_revision, state="translated"),
            "1",
        )
    for lang, eid in mine:
        translations.reject(scene.store, scene.people.committee, SLUG, lang, eid, SendBack(note="Again."), "1")


def _outdated(scene: Scene) -> None:
    scene.choose(translation_outdated="immediate", version_circulated="off")  # the outdating alone, at once
    _circulated(scene)


def _published(scene: Scene) -> None:
    scene.choose(version_circulated="off")  # the publication's own mail only
    publish_tiny(scene.store, scene.people.committee)


def _digest(scene: Scene) -> None:
    scene.choose(version_circulated="daily")
    _circulated(scene)
    assert not scene.to_readers(scene.mails())  # theirs wait for the digest
    morning = utcnow().replace(hour=schedule.DIGEST_HOUR, minute=30) + timedelta(days=1)
    assert schedule.run_schedule(scene.store, scene.jobs.out, morning)  # the readers' digests (and others')


def _batch(scene: Scene) -> None:
    """The second reply within a few minutes waits, and comes with the next ones in one mail."""
    thread = _followed(scene)
    comments.add_comment(scene.store, scene.people.committee, SLUG, thread, CommentText(body="Primera."))
    assert len(scene.to_readers(scene.mails())) == len(SITUATIONS)
    comments.add_comment(scene.store, scene.people.committee, SLUG, thread, CommentText(body="Segunda."))
    assert not scene.to_readers(scene.mails())
    # The window's end sends the batch (the schedule may hold other work due by then: the readers' mails are counted
    # by the caller, one each).
    schedule.run_schedule(scene.store, scene.jobs.out, utcnow() + batches.WINDOW)


ACCOUNT_LINKS = ("password_reset", "sign_in_link")
KINDS: dict[str, tuple[str | None, Callable[[Scene], None]]] = {
    # kind: (the readers' role in the process, None: not in it; what makes the mail)
    "invitation": (None, _invitation),
    "password_reset": (None, _asked_at_page("/password-reset")),
    "sign_in_link": (None, _asked_at_page("/sign-in-link")),
    "version_circulated": ("member", _circulated),
    "amendment_decided": ("member", _decided),
    "thread_reply": ("member", _reply),
    "thread_resolved": ("member", _resolved),
    "mention": ("member", _mention),
    "deadline": ("member", _deadline),
    "silence": ("member", _silence),
    "translation_returned": ("translator", _returned),
    "translation_outdated": ("translator", _outdated),
    "publication": ("member", _published),
    "digest": ("member", _digest),
    "thread_batch": ("member", _batch),
}


def readers(store: Store, people: People, kind: str, role: str | None, zero: bool) -> None:
    """Version 1 (`zero`), and the readers' accounts: in the process with `role` (None: not in it)."""
    if zero:
        import_zero(store, people.committee)
    for situation in SITUATIONS:
        if role is not None:
            languages = ("en", "fr") if role == "translator" else ()
            join(store, people.committee, SLUG, address(situation), role, languages)
        elif not (kind == "invitation" and situation == "never"):  # the invited `never` has no account at all
            accounts.add_user(store, SYSTEM, address(situation), situation.title(), PASSWORD)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_mail_is_in_its_readers_language(kind, app, web_store, web_people, jobs, mail_server):
    role, make = KINDS[kind]
    zero = kind != "publication"  # publish_tiny makes its own one-paragraph version
    restored(web_store, f"readers-{role or kind}-{zero}", lambda store: readers(store, web_people, kind, role, zero))
    for situation in SITUATIONS:
        situate(app, situation)
    scene = Scene(app, web_store, web_people, jobs, mail_server)
    scene.mails()  # what set-up left (the readers' invitations, the version imported)

    make(scene)
    got = scene.to_readers(scene.mails())
    assert set(got) == {address(s) for s in SITUATIONS}, sorted(got)
    said = {}
    for situation in SITUATIONS:
        message = got[address(situation)]
        said[situation] = (message["Content-Language"], text_of(message).split()[0].rstrip(",:"))
    assert said == {s: (expected(s, kind), GREETING[expected(s, kind)]) for s in SITUATIONS}


# -- what the account page says of it -----------------------------------------------------------
def test_the_account_page_says_which_language_mails_follow(app, web_people):
    client = signs_in(app, web_people.member.email, "fr-CA,fr;q=0.9")
    page = html(client.get("/account"))
    hint = page.select_one("#a-locale-hint").get_text(" ", strip=True)
    assert page.select_one("#a-locale")["aria-describedby"] == "a-locale-hint"
    assert "courriels" in hint and hint.endswith("dernière connexion\u00a0: français."), hint
    english = signs_in(app, web_people.member.email, "en")
    hint = html(english.get("/account")).select_one("#a-locale-hint").get_text(" ", strip=True)
    assert hint.endswith("the browser you last signed in with: English."), hint


# -- each way in keeps the browser's language ------------------------------------------------------
def _by_password(app, store: Store, people: People, email: str, jobs: Jobs, server) -> None:
    join(store, people.committee, SLUG, email, "member")
    signs_in(app, email, "fr-FR")


def _by_link(app, store: Store, people: People, email: str, jobs: Jobs, server) -> None:
    join(store, people.committee, SLUG, email, "member")
    client = browser(app, "fr-FR")
    assert form_post(client, "/sign-in-link", {"email": email}).status_code == 200
    jobs.run_pending()
    path = urlsplit(sign_in_link(server.messages[-1].message)).path
    assert form_post(client, path, {}).status_code == 303


def _invited(store: Store, people: People, email: str) -> str:
    view = processes.set_member(store, people.committee, SLUG, MemberDraft(email=email, role="member"))
    assert view.invitation is not None
    return urlsplit(view.invitation).path


def _by_invitation_page(app, store: Store, people: People, email: str, jobs: Jobs, server) -> None:
    path = _invited(store, people, email)
    joined = form_post(
        browser(app, "fr-FR"), path, {"name": "Nueva", "password": PASSWORD, "repeat_password": PASSWORD}
    )
    assert joined.status_code == 303, joined.text


def _by_invitation_api(app, store: Store, people: People, email: str, jobs: Jobs, server) -> None:
    """An account that never signed in accepts with its API token, from a client reading French."""
    accounts.add_user(store, SYSTEM, email, "Nueva", PASSWORD)
    token = _invited(store, people, email).rsplit("/", 1)[1]
    client = browser(app, "fr")
    made = client.post("/api/auth/token", json={"email": email, "password": PASSWORD, "name": "tests"})
    assert made.status_code == 201, made.text
    bearer = {"Authorization": f"Bearer {made.json()['token']}"}
    assert client.post(f"/api/invitations/{token}/accept", headers=bearer).status_code == 201


@pytest.mark.parametrize("way", [_by_password, _by_link, _by_invitation_page, _by_invitation_api])
def test_each_way_in_keeps_the_browsers_language_for_mails(way, app, web_store, web_people, jobs, mail_server):
    email = "nueva@example.org"
    way(app, web_store, web_people, email, jobs, mail_server)
    jobs.run_pending()
    mail_server.messages.clear()
    _circulated(Scene(app, web_store, web_people, jobs, mail_server))
    jobs.run_pending()
    (mine,) = [r.message for r in mail_server.messages if r.message["To"].addresses[0].addr_spec == email]
    assert (mine["Content-Language"], text_of(mine).split()[0]) == ("fr", "Bonjour")
