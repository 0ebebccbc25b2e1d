"""What a version's reading page marks in its text (issue 19): the words open threads are anchored on and the
words open amendments would change, each named; what only the committee may read marked for it alone."""

from __future__ import annotations

import gzip

import pytest

from tests.conftest import PASSWORD, join
from tests.web.api.test_api_amendments import amend
from tests.web.conftest import another_browser, form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import SLUG, html, import_zero
from workspace.services import accounts, comments
from workspace.services.actor import SYSTEM
from workspace.services.kept import LastUsed
from workspace.web.gzipped import GZIP_FROM
from workspace.web.pages import common

API = f"/api/processes/{SLUG}"


@pytest.fixture
def zero(client, web_people):
    return import_zero(client, web_people)


def marks(client) -> dict[str, list[tuple[str, str]]]:
    page = html(client.get(f"/p/{SLUG}/declaration/versions/1"))
    return {
        para["id"]: [(li["data-kind"], li["data-words"]) for li in para.select(".para-marks li")]
        for para in page.select(".para[id]")
        if para.select(".para-marks li")
    }


def test_threads_and_amendments_are_marked_on_their_words_for_those_who_may_read_them(client, web_people, zero):
    member = token_headers(client, web_people.member.email)
    text = "Nos comprometemos a fortalecer la gobernanza multinivel."
    start = text.index("gobernanza multinivel")
    quote = {
        "exact": "gobernanza multinivel",
        "prefix": "fortalecer la ",
        "suffix": ".",
        "start": start,
        "end": start + 21,
    }
    opened = client.post(
        f"{API}/threads",
        headers=member,
        json={"version": "1", "eid": "op_1", "body": "¿Qué gobernanza?", "quote": quote},
    )
    assert opened.status_code == 201, opened.text
    assert amend(client, member).status_code == 201  # op_2: "apoyar" → "apoyar con firmeza"
    assert (
        amend(
            client, zero, version="draft", eid="op_1", text="Nos comprometemos a reforzar la gobernanza multinivel."
        ).status_code
        == 201
    )

    sign_in(client, web_people.member.email)
    seen = marks(client)
    assert seen["op_1"] == [
        ("thread", "gobernanza multinivel")
    ]  # the committee's amendment on its draft is not marked for members
    assert seen["op_2"] == [("amendment", "")]  # an insertion only: its paragraph is marked, in the margin list
    sign_in(client, web_people.committee.email)
    assert marks(client)["op_1"] == [("thread", "gobernanza multinivel"), ("amendment", "fortalecer")]


def test_the_projector_shows_one_paragraph_with_its_open_amendments_and_its_neighbours(client, web_people, zero):
    member = token_headers(client, web_people.member.email)
    assert amend(client, member).status_code == 201  # op_2: "apoyar" → "apoyar con firmeza"
    sign_in(client, web_people.observer.email)
    version = html(client.get(f"/p/{SLUG}/declaration/versions/1"))
    assert version.select_one("#op_2 a.projector-link")["href"] == f"/p/{SLUG}/declaration/versions/1/projector/op_2"
    page = html(client.get(f"/p/{SLUG}/declaration/versions/1/projector/op_2"))
    assert "financiación local" in page.select_one(".projector").get_text()
    assert [i.get_text() for i in page.select(".projector-amendments ins")] == ["con firmeza "]
    assert page.select_one('a[rel="prev"]')["href"].endswith("/projector/op_1")
    assert not page.select('a[rel="next"]')  # the last paragraph
    assert client.get(f"/p/{SLUG}/declaration/versions/1/projector/op_9").status_code == 404
    sign_in(client, web_people.outsider.email)
    assert client.get(f"/p/{SLUG}/declaration/versions/1/projector/op_2").status_code == 404


def test_a_kept_reading_page_follows_each_change_and_keeps_each_roles_marks_apart(client, web_people, zero):
    """The page is made once per role and kept until the process changes (issue 37): read first by both roles, then
    changed, each sees the change at once, and the committee's draft amendment stays out of the member's page."""
    member = token_headers(client, web_people.member.email)
    for email in (web_people.member.email, web_people.committee.email):
        sign_in(client, email)
        assert marks(client) == {}
    assert amend(client, member).status_code == 201  # op_2
    assert (
        amend(client, zero, version="draft", eid="op_1", text="Nos comprometemos a reforzar la gobernanza.").status_code
        == 201
    )
    assert marks(client) == {"op_1": [("amendment", "fortalecer")], "op_2": [("amendment", "")]}  # the committee's
    sign_in(client, web_people.member.email)
    assert marks(client) == {"op_2": [("amendment", "")]}
    opened = client.post(f"{API}/threads", headers=member, json={"version": "1", "eid": "op_1", "body": "¿Y esto?"})
    assert opened.status_code == 201, opened.text
    whole = "Nos comprometemos a fortalecer la gobernanza multinivel."  # a thread on no words: its whole paragraph
    assert marks(client) == {"op_1": [("thread", whole)], "op_2": [("amendment", "")]}


def test_a_reader_who_has_the_page_is_answered_304_until_it_changes(client, web_people, zero):
    sign_in(client, web_people.member.email)
    path = f"/p/{SLUG}/declaration/versions/1"
    first = client.get(path)
    tag = first.headers["etag"]
    assert first.status_code == 200 and tag.startswith('W/"') and first.headers["cache-control"] == "private, no-cache"
    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert client.get(path, headers={"If-None-Match": 'W/"another"'}).status_code == 200
    member = token_headers(client, web_people.member.email)
    assert amend(client, member).status_code == 201
    changed = client.get(path, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    assert "para-marks" in changed.text


def test_the_kept_page_is_sent_gzipped_to_who_takes_gzip_and_reads_as_the_page_itself(client, web_people, zero):
    """The reading page kept for its readers is kept deflated too (issue 37: gzipping each reader's 302 KB page was a
    third of what it cost a worker in a plenary): a reader who takes gzip gets one gzip member whose text is exactly the
    page another reader who does not take it gets, their own name and form token in it; one weak tag for both, and
    `Vary: Accept-Encoding`. A page not kept (a message shown after a form) is gzipped as it is made."""
    sign_in(client, web_people.member.email)
    path = f"/p/{SLUG}/declaration/versions/1"

    def raw(encoding: str):
        with client.stream("GET", path, headers={"Accept-Encoding": encoding}) as answer:
            return answer, b"".join(answer.iter_raw())

    plain, plain_body = raw("identity")
    packed, packed_body = raw("br;q=1.0, gzip;q=0.8")
    assert plain.status_code == packed.status_code == 200
    assert "content-encoding" not in plain.headers and packed.headers["content-encoding"] == "gzip"
    assert plain.headers["vary"] == packed.headers["vary"] == "Accept-Encoding"
    assert packed.headers["etag"] == plain.headers["etag"]
    assert gzip.decompress(packed_body) == plain_body and len(packed_body) < len(plain_body) / 2
    assert web_people.member.name.encode() in plain_body and client.cookies["accord_csrf"].encode() in plain_body
    refused, refused_body = raw("gzip;q=0, identity")
    assert "content-encoding" not in refused.headers and refused_body == plain_body
    assert client.get(path, headers={"If-None-Match": plain.headers["etag"]}).status_code == 304
    # Once a form's message is shown, the page is made for that answer alone, gzipped as it is sent when it is long
    # (GZIP_FROM bytes, as the app's compression of any other page): this one is not.
    client.cookies.clear()
    sign_in(client, web_people.committee.email)
    named = form_post(client, f"/p/{SLUG}/declaration/versions/1/labels", {"label_en": "Zero draft"})
    assert named.status_code == 303, named.text[:300]
    shown, shown_body = raw("gzip")
    assert b"are saved" in shown_body and len(shown_body) < GZIP_FROM and "content-encoding" not in shown.headers
    again, again_body = raw("gzip")  # the message shown once: the kept page again, gzipped however short
    assert again.headers["content-encoding"] == "gzip" and b"are saved" not in gzip.decompress(again_body)


def test_a_page_made_once_for_its_readers_carries_each_readers_own_name_and_form_token(app, client, web_people, zero):
    """The reading page is rendered once for everyone of one role (issue 37) and each reader's own parts put in
    as it is sent: two members read the same page, each with their name (escaped) and their own form token, which
    their forms then carry (a thread opened from the page); nothing else differs."""
    store = app.state.db
    accounts.add_user(store, SYSTEM, "second@example.org", "Ana <O'Brien> & Co", PASSWORD)
    join(store, web_people.committee, SLUG, accounts.authenticate(store, "second@example.org", PASSWORD), "member")
    comments.mark_read(store, web_people.member)  # the zero draft's news (the second joined after it): none unread
    path = f"/p/{SLUG}/declaration/versions/1"
    sign_in(client, web_people.member.email)
    first = client.get(path)
    other = another_browser(app)
    sign_in(other, "second@example.org")
    second = other.get(path)
    token = other.cookies["accord_csrf"]
    assert token != client.cookies["accord_csrf"]
    assert {tag["value"] for tag in html(second).select("input[name=_csrf_token]")} == {token}
    assert html(second).select_one("a[href='/account']").text == "Ana <O'Brien> & Co"
    assert f'action="/p/{SLUG}/discuss/EID"' in second.text  # the form the page's script opens on a paragraph
    opened = other.post(
        f"/p/{SLUG}/discuss/op_1",
        data={"_csrf_token": token, "version": "1", "eid": "op_1", "exact": "", "body": "Desde la página."},
        follow_redirects=False,
    )
    assert opened.status_code == 303, opened.text
    assert html(first).select_one("a[href='/account']").text == web_people.member.name
    assert first.headers["etag"] != second.headers["etag"]
    own = first.text.replace(f">{web_people.member.name}<", ">NAME<").replace(client.cookies["accord_csrf"], "TOKEN")
    assert own == second.text.replace(">Ana &lt;O&#39;Brien&gt; &amp; Co<", ">NAME<").replace(token, "TOKEN")


def test_a_change_renders_again_only_the_paragraphs_it_changed(client, web_people, zero, monkeypatch):
    """The next screen after a change is made of the paragraphs kept (issue 37): a thread opened on op_2 renders
    op_2 again, with its new count and mark, and no other paragraph."""
    rendered: list[str] = []

    class Counted(LastUsed):
        def put(self, key, value):  # what is rendered is kept (no Redis here): key: template, language, macro,
            rendered.append(key[6])  # slug, language, version, eId …
            super().put(key, value)

    monkeypatch.setattr(common, "_PIECES", Counted(20_000))  # none kept by the tests before
    sign_in(client, web_people.member.email)
    path = f"/p/{SLUG}/declaration/versions/1"
    before = html(client.get(path))
    member = token_headers(client, web_people.member.email)
    rendered.clear()
    opened = client.post(f"{API}/threads", headers=member, json={"version": "1", "eid": "op_2", "body": "¿Cuánto?"})
    assert opened.status_code == 201, opened.text
    after = html(client.get(path))
    assert rendered == ["op_2"]
    changed = [p["id"] for p in after.select(".para[id]") if str(p) != str(before.select_one(f"[id='{p['id']}']"))]
    assert changed == ["op_2"]
    assert "1 open thread" in after.select_one("[id='op_2'] .discuss-link").text


def test_a_threads_mark_shows_its_first_comment_as_words_not_markdown(client, web_people, zero):
    """The mark's preview of a comment written in Markdown reads as the comment reads (it showed `**living
    systems**`, asterisks and all)."""
    member = token_headers(client, web_people.member.email)
    body = "Hablemos de **sistemas vivos** y de [la fuente](https://www.uclg.org/es) — `OP 2`\n\n- y una lista"
    opened = client.post(f"{API}/threads", headers=member, json={"version": "1", "eid": "op_1", "body": body})
    assert opened.status_code == 201, opened.text
    sign_in(client, web_people.member.email)
    page = html(client.get(f"/p/{SLUG}/declaration/versions/1"))
    shown = " ".join(page.select_one("#op_1 .para-marks li").get_text(" ").split())
    assert "Hablemos de sistemas vivos y de la fuente — OP 2" in shown and "y una lista" in shown, shown
    assert not any(markup in shown for markup in ("**", "](", "`", "- y")), shown
