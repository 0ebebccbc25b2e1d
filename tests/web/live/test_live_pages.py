"""Pages that follow their process live: the header's Inbox link carries the reader's unread count (read with who
asks, no statement of its own; the same on a page kept for every reader of a role), the reading page, the thread
list, the amendments list and the voting list each carry one event stream and the regions it updates, and a reading
page asks again for the paragraphs an event names, as its reader's role sees them."""

from __future__ import annotations

from tests.web.conftest import form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import SLUG, html, import_zero
from tests.web.test_query_counts import counting
from workspace.services import comments

API = f"/api/processes/{SLUG}"
P = f"/p/{SLUG}"
EVENTS = f"{API}/events"


def inbox_link(page):
    link = page.select_one("header nav a[href='/inbox']")
    assert link is not None and link.has_attr("data-inbox"), page.select_one("header")
    return link.get_text(strip=True), link.get("aria-label")


def one_unread_reply(client, people) -> dict[str, str]:
    """The member opens a thread on op_1 (and so follows it); the committee replies: one unread entry for the
    member. The committee's token headers."""
    committee = import_zero(client, people)
    member = token_headers(client, people.member.email)
    assert client.post("/api/inbox/read", json={}, headers=member).is_success  # the zero draft's news, read
    opened = client.post(
        f"{API}/threads", json={"version": "1", "eid": "op_1", "quote": None, "body": "¿Qué niveles?"}, headers=member
    )
    assert opened.status_code == 201, opened.text
    reply = client.post(f"{API}/threads/1/comments", json={"body": "Todos."}, headers=committee)
    assert reply.status_code == 201, reply.text
    return committee


def test_the_header_shows_the_unread_count_read_with_who_asks(client, web_people):
    one_unread_reply(client, web_people)
    sign_in(client, web_people.member.email)
    inbox = html(client.get("/inbox"))
    assert inbox.select_one(".heading-row .badge").get_text(strip=True) == "1 unread"
    assert inbox_link(inbox) == ("Inbox (1)", "Inbox, 1 unread")
    for path in (f"{P}/threads", f"{P}/amendments", f"{P}/declaration/versions/1", "/processes"):
        assert inbox_link(html(client.get(path))) == ("Inbox (1)", "Inbox, 1 unread"), path
    spanish = html(client.get(f"{P}/threads", headers={"Accept-Language": "es"}))
    assert inbox_link(spanish) == ("Bandeja de entrada (1)", "Bandeja de entrada, 1 sin leer")
    french = html(client.get(f"{P}/threads", headers={"Accept-Language": "fr"}))
    assert inbox_link(french) == ("Boîte de réception (1)", "Boîte de réception, 1 non lu")

    # A version's page, kept for every member, is answered with the one statement that reads who asks: their unread
    # count is in it. Its ETag is the reader's: once the entry is read, the page is not "not modified".
    with counting(client.app) as statements:
        kept = client.get(f"{P}/declaration/versions/1")
    assert len(statements) == 1 and "notifications" in statements[0], statements
    tag = kept.headers["etag"]
    assert client.get(f"{P}/declaration/versions/1", headers={"If-None-Match": tag}).status_code == 304
    assert form_post(client, "/inbox/read", {"next": "/inbox"}).status_code == 303
    again = client.get(f"{P}/declaration/versions/1", headers={"If-None-Match": tag})
    assert again.status_code == 200 and inbox_link(html(again)) == ("Inbox", None)
    assert html(client.get("/inbox")).select_one(".heading-row .badge").get_text(strip=True) == "0 unread"


def test_an_api_request_does_not_read_the_unread_count(client, web_people):
    """Only pages show the count: an API client's request reads who asks without it."""
    one_unread_reply(client, web_people)
    member = token_headers(client, web_people.member.email)
    with counting(client.app) as statements:
        assert client.get(f"{API}/threads", headers=member).status_code == 200
    assert not [s for s in statements if "notifications" in s], statements


def live_of(page, after: int):
    """The page's one stream, starting after event `after` (the reader's latest when the page was read)."""
    live = page.select("[data-live]")
    assert len(live) == 1, live  # one stream for the page
    assert live[0]["data-live"] == f"{EVENTS}?after={after}", live[0]
    assert live[0]["role"] == "status" and live[0]["aria-live"] == "polite"
    return live[0]


def test_each_live_page_carries_one_stream_and_the_regions_it_updates(client, web_store, web_people):
    one_unread_reply(client, web_people)
    member = token_headers(client, web_people.member.email)
    amended = client.post(
        f"{API}/amendments",
        json={"version": "1", "eid": "op_2", "kind": "modify", "text": "Pedimos apoyar la financiación local."},
        headers=member,
    )
    assert amended.status_code == 201, amended.text
    # Each stream starts where its page was read, in the reader's numbering.
    for_member = comments.live_from(web_store, web_people.member, SLUG)
    sign_in(client, web_people.member.email)
    live_of(html(client.get(f"{P}/threads")), for_member)
    after = comments.live_from(web_store, web_people.committee, SLUG)
    sign_in(client, web_people.committee.email)

    threads = html(client.get(f"{P}/threads"))
    assert live_of(threads, after)["data-live-kinds"].split() == ["thread", "comment", "resolved", "reopened"]
    cards = threads.select_one("#thread-cards[data-live-region]")
    assert cards["data-live-region"] == ":scope > article[id]" and cards.select(":scope > article[id]")
    assert threads.select_one("#thread-count[data-live-region]") is not None

    amendments = html(client.get(f"{P}/amendments"))
    assert live_of(amendments, after)["data-live-kinds"] == "amendment"
    assert amendments.select_one("#amendment-cards").select(":scope > article[id]")
    queue = amendments.select_one("#amendment-queue")
    assert queue["data-live-region"] == "tbody > tr[id]" and queue.select("tbody > tr[id]")

    voting = html(client.get(f"{P}/amendments/voting"))
    assert live_of(voting, after)["data-live-kinds"] == "amendment"
    rows = voting.select_one("#voting-rows")
    assert rows.has_attr("data-live-keep") and [r["id"] for r in rows.select("tbody > tr[id]")] == ["v-row-1"]

    version = live_of(html(client.get(f"{P}/declaration/versions/1?lang=es")), after)
    assert version["data-live-kinds"].split() == ["thread", "comment", "resolved", "reopened", "amendment"]
    assert version["data-live-text"] == f"{P}/declaration/live?text=1&page=1&lang=es"
    words = __import__("json").loads(version["data-live-words"])
    assert words["comment.added"] == ["{n} new reply", "{n} new replies"] and "{changes}" in words["said"]
    draft = live_of(html(client.get(f"{P}/declaration?version=draft")), after)
    assert "paragraph" in draft["data-live-kinds"].split() and "text=draft" in draft["data-live-text"]


def test_a_reading_page_asks_again_for_the_paragraphs_an_event_names(client, web_people):
    committee = import_zero(client, web_people)
    member = token_headers(client, web_people.member.email)
    sign_in(client, web_people.member.email)
    live = f"{P}/declaration/live?text=1&page=1&lang=es"

    def paragraphs(url: str) -> dict[str, str]:
        answer = client.get(url)
        assert answer.status_code == 200 and answer.headers["cache-control"] == "private, no-store", answer.text
        return {p["id"]: p.select_one("a.discuss-link").get_text(strip=True) for p in html(answer).select(".para[id]")}

    assert paragraphs(f"{live}&eid=op_1&eid=op_2&eid=op_99") == {"op_1": "Discuss", "op_2": "Discuss"}
    assert client.get(f"{live}").text == ""  # nothing asked, nothing sent
    opened = client.post(
        f"{API}/threads",
        json={"version": "1", "eid": "op_1", "quote": None, "body": "¿Y los municipios?"},
        headers=member,
    )
    assert opened.status_code == 201, opened.text
    on_draft = client.post(
        f"{API}/threads",
        json={"version": "draft", "eid": "op_2", "quote": None, "body": "Entre nosotros."},
        headers=committee,
    )
    assert on_draft.status_code == 201, on_draft.text
    # The member's page counts the thread they may read; the committee's own one on the draft is not theirs.
    assert paragraphs(f"{live}&eid=op_1&eid=op_2") == {"op_1": "1 open thread", "op_2": "Discuss"}
    page = html(client.get(f"{P}/declaration/versions/1?lang=es"))
    assert page.select_one("#op_1 a.discuss-link").get_text(strip=True) == "1 open thread"  # as the page shows it

    # The working draft is the committee's: a member is answered as its reading page answers them.
    refused, its_page = (
        client.get(f"{P}/declaration/live?text=draft&eid=op_1"),
        client.get(f"{P}/declaration?version=draft"),
    )
    assert refused.status_code == its_page.status_code and refused.status_code in (403, 404)
    client.cookies.clear()
    sign_in(client, web_people.outsider.email)
    assert client.get(f"{live}&eid=op_1").status_code == 404
    client.cookies.clear()
    sign_in(client, web_people.committee.email)
    assert set(paragraphs(f"{P}/declaration/live?text=draft&page=1&eid=op_2")) == {"op_2"}
