"""Discussion pages: open a thread on selected words, reply, edit, delete, resolve, follow, inbox."""

from __future__ import annotations

from tests.web.conftest import form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import (
    SLUG,
    error_message,
    field_value,
    form_at,
    html,
    import_zero,
)

API = f"/api/processes/{SLUG}"
D = f"/p/{SLUG}/discuss/op_1"


def test_words_selected_on_the_page_open_a_thread_anchored_on_them(client, web_people):
    committee = import_zero(client, web_people)
    sign_in(client, web_people.member.email)
    page = html(client.get(f"{D}?version=1"))
    assert page.select_one("#open-form") is not None and page.select_one("[data-live]")["data-eid"] == "op_1"
    made = form_post(
        client,
        D,
        {
            "version": "1",
            "eid": "op_1",
            "exact": "gobernanza  multinivel",
            "prefix": "fortalecer la ",
            "suffix": ".",
            "body": "¿Qué *niveles*?",
        },
    )
    assert made.status_code == 303 and made.headers["location"].endswith("#t1")
    thread = client.get(f"{API}/threads/1", headers=committee).json()
    assert thread["quote"]["exact"] == "gobernanza multinivel" and thread["anchor"]["state"] == "exact"
    panel = html(client.get(f"{D}/threads?version=1"))
    assert panel.select_one("#t1 mark").get_text() == "gobernanza multinivel"
    assert panel.select_one("#t1 .comment-body em").get_text() == "niveles"  # Markdown, rendered safely


def test_words_not_in_the_paragraph_are_refused_with_the_comment_kept(client, web_people):
    import_zero(client, web_people)
    sign_in(client, web_people.member.email)
    refused = form_post(
        client,
        D,
        {"version": "1", "eid": "op_1", "exact": "palabras ajenas", "prefix": "", "suffix": "", "body": "Mi idea."},
    )
    assert refused.status_code == 422 and error_message(html(refused))
    assert field_value(html(refused), "body", html(refused).select_one("#open-form")) == "Mi idea."


def test_reply_edit_delete_resolve_follow_and_the_inbox(client, web_people):
    committee = import_zero(client, web_people)
    member = token_headers(client, web_people.member.email)
    assert (
        client.post(
            f"{API}/threads",
            json={"version": "1", "eid": "op_1", "quote": None, "body": "<script>x</script>"},
            headers=member,
        ).status_code
        == 201
    )
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"/p/{SLUG}/threads/1"))
    assert (
        page.find("script", string="x") is None and "<script>x</script>" in page.select_one(".comment-body").get_text()
    )
    assert form_post(client, f"/p/{SLUG}/threads/1/reply", {"body": "Primera respuesta."}).status_code == 303
    reply_id = client.get(f"{API}/threads/1", headers=committee).json()["comments"][1]["id"]
    empty = form_post(client, f"/p/{SLUG}/threads/1/reply", {"body": "  "})
    assert empty.status_code == 422 and error_message(html(empty))
    assert (
        form_post(client, f"/p/{SLUG}/threads/1/comments/{reply_id}/edit", {"body": "Respuesta corregida."}).status_code
        == 303
    )
    page = html(client.get(f"/p/{SLUG}/threads/1"))
    assert "Respuesta corregida." in page.select_one(f"#c{reply_id}").get_text()
    assert "Primera respuesta." in page.select_one(f"#c{reply_id} details").get_text()  # the earlier wording
    assert form_post(client, f"/p/{SLUG}/threads/1/resolve", {}).status_code == 303
    assert client.get(f"{API}/threads/1", headers=committee).json()["status"] == "resolved"

    client.cookies.clear()
    sign_in(client, web_people.member.email)
    inbox = html(client.get("/inbox"))
    # The reply, the resolution, and the zero draft circulated (issue 67: a version comes to the inbox too).
    assert [li["class"][1] for li in inbox.select("ul.inbox li.unread")] == [
        "news-resolved",
        "news-reply",
        "news-version",
    ]
    refused = form_post(client, "/inbox/read", {"ids": "primero"})  # not a notification's number: nothing marked
    assert refused.status_code == 422 and "ids" in error_message(html(refused))
    assert len(html(refused).select("ul.inbox li.unread")) == 3
    assert form_post(client, "/inbox/read", {}).status_code == 303
    assert not html(client.get("/inbox")).select("ul.inbox li.unread")
    assert form_at(html(client.get(f"/p/{SLUG}/threads/1")), f"/p/{SLUG}/threads/1/comments/{reply_id}/edit") is None
    refused = form_post(client, f"/p/{SLUG}/threads/1/comments/{reply_id}/delete", {})
    assert refused.status_code == 403
    assert form_post(client, f"/p/{SLUG}/threads/1/reopen", {}).status_code == 303  # who opened it may reopen it


def test_a_refusal_whose_form_the_page_no_longer_shows_is_said_on_the_thread(client, web_people):
    import_zero(client, web_people)
    member = token_headers(client, web_people.member.email)
    client.post(f"{API}/threads", json={"version": "1", "eid": "op_1", "body": "Hola."}, headers=member)
    sign_in(client, web_people.member.email)
    assert form_post(client, f"/p/{SLUG}/threads/1/comments/1/delete", {}).status_code == 303
    refused = form_post(client, f"/p/{SLUG}/threads/1/comments/1/edit", {"body": "Otra vez."})
    assert refused.status_code == 409  # deleted meanwhile (another tab): no edit form left to say it beside
    assert error_message(html(refused)) == "This comment was deleted." and html(refused).select_one("#c1")


def test_observers_read_the_discussion_but_have_no_form(client, web_people):
    committee = import_zero(client, web_people)
    client.post(
        f"{API}/threads",
        json={"version": "1", "eid": "op_1", "quote": None, "body": "Hola."},
        headers=token_headers(client, web_people.member.email),
    )
    sign_in(client, web_people.observer.email)
    page = html(client.get(f"{D}?version=1"))
    assert page.select_one("#open-form") is None and page.select_one("#t1")
    assert form_at(html(client.get(f"/p/{SLUG}/threads/1")), f"/p/{SLUG}/threads/1/reply") is None
    assert form_post(client, D, {"version": "1", "eid": "op_1", "exact": "", "body": "Intento."}).status_code == 403
    assert len(client.get(f"{API}/threads", headers=committee).json()) == 1


def test_the_version_page_counts_the_open_threads_of_each_paragraph(client, web_people):
    import_zero(client, web_people)
    member = token_headers(client, web_people.member.email)
    for body in ("Uno.", "Dos."):
        client.post(f"{API}/threads", json={"version": "1", "eid": "op_1", "quote": None, "body": body}, headers=member)
    sign_in(client, web_people.observer.email)
    page = html(client.get(f"/p/{SLUG}/declaration/versions/1"))
    assert page.select_one("#op_1 a.discuss-link").get_text(strip=True) == "2 open threads"
    assert page.select_one("#op_2 a.discuss-link").get_text(strip=True) == "Discuss"


def test_the_discussion_page_offers_every_version_to_read_on_and_selects_the_one_shown(client, web_people):
    import_zero(client, web_people)
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"{D}?version=1"))
    select = page.select_one("#d-version")
    options = {o["value"]: o.get_text(strip=True) for o in select.select("option")}
    assert options == {"1": "Borrador cero", "draft": "Working draft"}
    assert select.select_one("option[selected]")["value"] == "1"  # "Show" keeps the version read, not the draft
    sign_in(client, web_people.member.email)
    member = html(client.get(D)).select_one("#d-version")
    assert [o["value"] for o in member.select("option")] == ["1"]
    assert member.select_one("option[selected]")["value"] == "1"
