"""News by mail on both backends, read from a real SMTP server: who is told of what (and who never
is), in their language, with links on the public URL, threading and one-click unsubscribe headers;
digests once per period, even when workers race; nothing for a write that was refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest

from tests.conftest import join
from tests.integration.mailbox import (
    PUBLIC,
    SECRET,
    Post,
    by_recipient,
    hrefs,
    import_zero,
    links,
    make_post,
    race,
    text_of,
    to,
    unsubscribe_token,
)
from workspace.domain.amendments.amendment_commands import (
    DecideAmendment,
    Objection,
    ProposeAmendment,
    SetDeadline,
    StartSilence,
)
from workspace.domain.comments.comment_commands import CommentText, OpenThread
from workspace.domain.declaration.declaration_commands import Circulate, EditParagraph
from workspace.domain.errors import Conflict, NotFound
from workspace.domain.notifications.news import ChooseNews
from workspace.services import accounts, amendments, comments
from workspace.services.declaration import draft
from workspace.services.notifications import batches, preferences, schedule
from workspace.services.notifications.outward import Outward
from workspace.store.types import utcnow

P = "kutahya"
OP2 = "Pedimos a los gobiernos nacionales apoyar la financiación local."


@pytest.fixture
def post(store, db_url, people, mail_server) -> Post:
    import_zero(store, people.committee)
    made = make_post(store, db_url, mail_server)
    # What set-up left: the invitations that made the people, and the translator's digest of version 1.
    made.send()
    schedule.run_schedule(store, made.out, datetime(2000, 1, 3, schedule.DIGEST_HOUR, tzinfo=UTC))
    made.drain()
    return made


def circulate(store, people, label: str = "Rev.1") -> None:
    """A change to op_3, circulated as `label`."""
    seen = draft.get_draft_paragraph(store, people.committee, P, "op_3")
    draft.edit_paragraph(
        store,
        people.committee,
        P,
        "op_3",
        EditParagraph(base_revision=seen.revision, text=f"Promoveremos ({label}) los vínculos."),
    )
    draft.circulate(store, people.committee, P, Circulate(label=label, note=""))


def thread(store, who, body: str, version: str = "1", eid: str = "op_1"):
    return comments.open_thread(store, who, P, OpenThread(version=version, eid=eid, body=body))


def test_a_circulated_version_reaches_every_member_but_its_author_each_in_their_language(store, people, post):
    accounts.set_locale(store, people.member, "fr")
    accounts.set_locale(store, people.translator, "en")  # the observer chose none: the process's language, es
    circulate(store, people)
    got = by_recipient(post.send())
    assert set(got) == {people.member.email, people.translator.email, people.observer.email}
    titles = {
        people.member.email: ("fr", "Déclaration de Kütahya"),
        people.translator.email: ("en", "Kütahya Declaration"),
        people.observer.email: ("es", "Declaración de Kütahya"),
    }
    for address, message in got.items():
        language, title = titles[address]
        assert message["Content-Language"] == language
        assert str(message["Subject"]).startswith(f"[{title}] ") and "Rev.1" in str(message["Subject"])
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
        version_link = f"{PUBLIC}/p/{P}/declaration/versions/2"
        assert version_link in links(message) and version_link in hrefs(message)
        assert all(h.startswith(PUBLIC + "/") for h in hrefs(message))  # no relative link, no other host
        token = unsubscribe_token(message)
        assert f"{PUBLIC}/unsubscribe/{token}" in hrefs(message)
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert str(message["Message-ID"]).endswith("@accord.example.org>")
    assert len({m["Message-ID"] for m in got.values()}) == 3
    assert post.send() == []  # each mail once


def test_a_decision_reaches_the_proposer_and_cosponsors_only(store, people, post):
    second = join(store, people.committee, P, "second@example.org", "member")
    post.drain()
    a = amendments.propose(
        store,
        people.member,
        P,
        ProposeAmendment(
            version="1",
            eid="op_2",
            kind="modify",
            text=OP2.replace("apoyar", "apoyar con firmeza"),
            rationale="Porque sí.",
        ),
    )
    amendments.cosponsor(store, second, P, a.number)
    assert post.send() == []  # proposing and co-sponsoring are not news
    amendments.decide_amendment(
        store, people.committee, P, a.number, DecideAmendment(decision="rejected", reason="No.")
    )
    got = by_recipient(post.send())
    assert set(got) == {people.member.email, "second@example.org"}
    assert all(f"{PUBLIC}/p/{P}/amendments/{a.number}" in links(m) for m in got.values())
    # The paragraph as printed in each reader's language ("OP 2", "PD 2"), never its eId.
    for message in got.values():
        said = text_of(message).replace("\u00a0", " ")
        assert re.search(r"\b(OP|PD) 2\b", said) and "op_2" not in said.split("http")[0], said


def test_a_translation_sent_back_names_its_paragraph_as_printed_and_links_to_it(store, people, post):
    from workspace.domain.translations.translations import SaveTranslation, SendBack
    from workspace.services import translations

    row = next(r for r in translations.list_translations(store, people.translator, P, "en", "1") if r.eid == "op_2")
    translations.save_translation(
        store,
        people.translator,
        P,
        "en",
        "op_2",
        SaveTranslation(
            text="We ask national governments to support local finance.",
            source_revision=row.source_revision,
            state="translated",
        ),
        "1",
    )
    post.drain()
    translations.reject(store, people.committee, P, "en", "op_2", SendBack(note="Say “firmly”."), "1")
    got = by_recipient(post.send())
    assert set(got) == {people.translator.email}
    said = text_of(got[people.translator.email]).replace("\u00a0", " ")
    assert re.search(r"\b(OP|PD) 2\b", said), said
    assert f"{PUBLIC}/p/{P}/translations/en/op_2" in links(got[people.translator.email])


def test_replies_reach_followers_threaded_and_mentions_reach_who_is_named(store, people, post):
    first = thread(store, people.member, "¿Qué niveles?")
    other = thread(store, people.member, "¿Y el párrafo 2?", eid="op_2")
    assert post.send() == []  # nobody else follows yet
    comments.add_comment(
        store, people.translator, P, first.id, CommentText(body="Los tres.")
    )  # the member follows; the translator now too
    comments.add_comment(
        store, people.committee, P, first.id, CommentText(body="De acuerdo.")
    )  # the member's second of the thread: waits
    comments.add_comment(store, people.committee, P, other.id, CommentText(body="Es otro tema."))
    got = post.send()
    assert sorted(to(m) for m in got) == sorted([people.member.email, people.translator.email, people.member.email])
    first_mails = [m for m in got if f"/threads/{first.id}" in " ".join(links(m))]
    other_mails = [m for m in got if f"/threads/{other.id}" in " ".join(links(m))]
    assert len(first_mails) == 2 and len(other_mails) == 1
    roots = {(str(m["In-Reply-To"]), str(m["References"])) for m in first_mails}
    assert len(roots) == 1 and roots.pop()[0].endswith("@accord.example.org>")
    assert other_mails[0]["In-Reply-To"] != first_mails[0]["In-Reply-To"]
    assert len({m["Message-ID"] for m in got}) == 3
    assert "De acuerdo." in text_of(by_recipient(first_mails)[people.translator.email])
    # The paragraph as its reader names it, in their language (the source language's usage: PD, párrafo dispositivo).
    assert "PD 1." in text_of(by_recipient(first_mails)[people.translator.email]).replace("\u00a0", " ")

    accounts.set_locale(store, people.observer, "en")
    comments.add_comment(
        store, people.member, P, first.id, CommentText(body="Que lo diga @observer.")
    )  # not a follower
    got = by_recipient(post.send())
    assert set(got) == {people.observer.email, people.committee.email}  # the translator's waits: told a minute ago
    assert "you are mentioned" in str(got[people.observer.email]["Subject"])
    assert "on OP 1." in text_of(got[people.observer.email]).replace("\u00a0", " ")  # in English, as printed
    assert got[people.observer.email]["In-Reply-To"] == first_mails[0]["In-Reply-To"]

    # A few minutes later, what waited comes in one mail each, in the same mail thread.
    assert len(schedule.run_schedule(store, post.out, utcnow() + batches.WINDOW)) == 2
    got = by_recipient(post.send())
    assert set(got) == {people.member.email, people.translator.email}
    assert "De acuerdo." in text_of(got[people.member.email]) and "Que lo diga @observer." in text_of(
        got[people.translator.email]
    )
    assert {m["In-Reply-To"] for m in got.values()} == {first_mails[0]["In-Reply-To"]}


def test_what_only_the_committee_reads_never_reaches_anyone_else(store, people, post):
    chair = join(store, people.committee, P, "chair@example.org", "committee")
    post.drain()
    internal = thread(
        store, people.committee, "Nota interna para @chair, @member, @translator y @observer.", version="draft"
    )
    assert internal.label == "D1"  # the committee's series: its mails thread apart from thread 1's
    comments.add_comment(store, chair, P, internal.label, CommentText(body="Visto, @member @observer."))
    got = post.send()
    assert sorted(to(m) for m in got) == ["chair@example.org", people.committee.email]
    assert all(".thread-D1" in str(m["In-Reply-To"]) for m in got)
    # The same words on a circulated version do reach them.
    thread(store, people.committee, "Para @member, @translator y @observer.")
    assert {to(m) for m in post.send()} == {people.member.email, people.translator.email, people.observer.email}


def test_daily_cadence_gathers_one_digest_per_person_once_and_off_sends_nothing(store, people, post):
    accounts.set_locale(store, people.member, "en")
    preferences.set_notifications(
        store, people.member, ChooseNews(kinds={"thread_reply": "daily", "version_circulated": "daily"})
    )
    preferences.set_notifications(
        store,
        people.translator,
        ChooseNews(kinds={"thread_reply": "off", "version_circulated": "off", "translation_outdated": "off"}),
    )
    opened = thread(store, people.committee, "Abrimos.")
    comments.follow(store, people.member, P, opened.id)
    comments.follow(store, people.translator, P, opened.id)
    comments.add_comment(store, people.committee, P, opened.id, CommentText(body="Primera respuesta."))
    comments.add_comment(store, people.committee, P, opened.id, CommentText(body="Segunda respuesta."))
    circulate(store, people)
    assert {to(m) for m in post.send()} == {people.observer.email}  # the observer kept "at once"

    morning = utcnow().replace(hour=schedule.DIGEST_HOUR, minute=30) + timedelta(days=1)
    before_hour = morning.replace(hour=schedule.DIGEST_HOUR - 1)
    assert schedule.run_schedule(store, post.out, before_hour) == []
    made = schedule.run_schedule(store, post.out, morning)
    assert len(made) == 1
    [digest] = post.send()
    assert to(digest) == people.member.email and "digest" in str(digest["Subject"])
    body = text_of(digest)
    assert "Primera respuesta." in body and "Segunda respuesta." in body and "Rev.1" in body
    assert "3 pieces of news" in body
    assert schedule.run_schedule(store, post.out, morning + timedelta(hours=3)) == []  # the same day: claimed
    assert post.send() == []
    assert post.server.messages and all(to(r.message) != people.translator.email for r in post.server.messages)


def test_two_workers_racing_for_a_digest_send_it_once(store, people, post):
    preferences.set_notifications(store, people.member, ChooseNews(kinds={"thread_reply": "daily"}))
    opened = thread(store, people.committee, "Abrimos.")
    comments.follow(store, people.member, P, opened.id)
    start = utcnow().replace(hour=schedule.DIGEST_HOUR + 1) + timedelta(days=1)
    for trial in range(10):
        comments.add_comment(store, people.committee, P, opened.id, CommentText(body=f"Respuesta {trial}."))
        assert post.send() == []  # fanned out into the member's digest
        when = start + timedelta(days=trial)
        made = race(*[partial(schedule.run_schedule, store, post.out, when)] * 2)
        assert sorted(len(m) for m in made) == [0, 1], f"trial {trial}: {made}"
        [digest] = post.send()
        assert to(digest) == people.member.email and f"Respuesta {trial}." in text_of(digest)


def test_a_refused_write_sends_nothing(store, people, post):
    a = amendments.propose(
        store,
        people.member,
        P,
        ProposeAmendment(
            version="1",
            eid="op_2",
            kind="modify",
            text=OP2.replace("apoyar", "apoyar con firmeza"),
            rationale="Porque sí.",
        ),
    )
    amendments.decide_amendment(
        store, people.committee, P, a.number, DecideAmendment(decision="rejected", reason="No.")
    )
    assert {to(m) for m in post.send()} == {people.member.email}
    before = post.rows()
    with pytest.raises(Conflict):  # already decided
        amendments.decide_amendment(
            store, people.committee, P, a.number, DecideAmendment(decision="accepted", reason="Sí.")
        )
    seen = draft.get_draft_paragraph(store, people.committee, P, "op_1")
    draft.edit_paragraph(
        store, people.committee, P, "op_1", EditParagraph(base_revision=seen.revision, text="Nuevo texto uno.")
    )
    with pytest.raises(Conflict):  # a stale compare-and-set edit
        draft.edit_paragraph(
            store, people.committee, P, "op_1", EditParagraph(base_revision=seen.revision, text="Otro texto.")
        )
    after_edit = post.rows()
    assert after_edit == before  # an edit is not news; the refusals wrote nothing
    assert post.send() == [] and post.rows() == before


def test_two_decisions_racing_send_the_winners_news_only(store, people, post):
    for trial in range(3):
        a = amendments.propose(
            store,
            people.member,
            P,
            ProposeAmendment(
                version="1",
                eid="op_2",
                kind="modify",
                text=OP2.replace("apoyar", f"apoyar {trial} veces"),
                rationale="Porque sí.",
            ),
        )
        results = race(
            *[
                partial(
                    amendments.decide_amendment,
                    store,
                    people.committee,
                    P,
                    a.number,
                    DecideAmendment(decision=decision, reason="Carrera."),
                )
                for decision in ("rejected", "moot")
            ]
        )
        outcomes = ["409" if isinstance(r, Conflict) else r.status for r in results]  # type: ignore[attr-defined]
        assert sorted(outcomes).count("409") == 1, outcomes
        [winner] = [o for o in outcomes if o != "409"]
        [mail] = post.send()
        assert to(mail) == people.member.email
        assert amendments.get_amendment(store, people.member, P, a.number).status == winner


def test_a_deadline_is_recalled_a_day_ahead_once(store, people, post):
    deadline = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    amendments.set_deadline(store, people.committee, P, "1", SetDeadline(deadline=deadline.isoformat()))
    assert post.send() == []  # setting it is not news; the reminder is
    assert schedule.run_schedule(store, post.out, deadline - timedelta(hours=25)) == []
    assert len(schedule.run_schedule(store, post.out, deadline - timedelta(hours=23))) == 4
    got = by_recipient(post.send())
    assert set(got) == {people.committee.email, people.member.email, people.translator.email, people.observer.email}
    assert all(f"{PUBLIC}/p/{P}/amendments" in links(m) for m in got.values())
    assert schedule.run_schedule(store, post.out, deadline - timedelta(hours=22)) == []
    assert post.send() == []


def test_a_silence_opened_broken_and_another_ended(store, people, post):
    ends = utcnow() + timedelta(days=2)
    amendments.start_silence(store, people.committee, P, StartSilence(version="1", deadline=ends.isoformat()))
    assert {to(m) for m in post.send()} == {people.member.email, people.translator.email, people.observer.email}
    amendments.object_to_silence(store, people.member, P, Objection(text="No podemos aceptar el párrafo 2."))
    broken = by_recipient(post.send())
    assert set(broken) == {people.committee.email, people.translator.email, people.observer.email}
    assert all("Member" in text_of(m) for m in broken.values())
    assert schedule.run_schedule(store, post.out, ends + timedelta(minutes=1)) == []  # broken: it never "ended"


def test_a_silence_without_objection_ends_with_one_mail_each(store, people, post):
    ends = utcnow() + timedelta(days=1)
    amendments.start_silence(store, people.committee, P, StartSilence(version="1", deadline=ends.isoformat()))
    post.send()
    assert schedule.run_schedule(store, post.out, ends - timedelta(minutes=1)) == []
    assert len(schedule.run_schedule(store, post.out, ends + timedelta(minutes=1))) == 4
    assert len(by_recipient(post.send())) == 4
    assert schedule.run_schedule(store, post.out, ends + timedelta(minutes=2)) == []


def test_the_unsubscribe_link_turns_its_kind_off_and_forgeries_are_refused(store, people, post):
    circulate(store, people)
    mine = by_recipient(post.send())[people.member.email]
    token = unsubscribe_token(mine)
    shown = preferences.show_unsubscribe(store, post.out, token)
    assert (shown.email, shown.kind, shown.done) == (people.member.email, "version_circulated", False)
    assert preferences.unsubscribe(store, post.out, token).done
    kinds = preferences.get_notifications(store, people.member).kinds
    assert kinds["version_circulated"] == "off" and kinds["thread_reply"] == "immediate"
    circulate(store, people, "Rev.2")
    assert {to(m) for m in post.send()} == {people.translator.email, people.observer.email}

    payload, _, signature = token.partition(".")
    forged = Outward(PUBLIC, "another secret").unsubscribe_token(people.member.id, "all")
    for bad in (
        f"{payload}.{signature[:-2]}AA",
        forged,
        "nonsense",
        payload,
        Outward(PUBLIC, SECRET).unsubscribe_token(99999, "all"),
    ):
        with pytest.raises(NotFound):
            preferences.unsubscribe(store, post.out, bad)
    assert preferences.get_notifications(store, people.member).kinds["thread_reply"] == "immediate"
