"""Pages and API reads cost a number of queries that does not grow with the paragraphs or the versions.

Each page is read on a small declaration and on one eight times larger with four times more
versions; the statements the app sends to the database must be the same number.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import event

from tests.backends import BACKENDS_DIFFER
from tests.web.conftest import form_post, sign_in, token_headers
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.services.declaration import importing

pytestmark = BACKENDS_DIFFER  # the statements each backend's dialect sends

P = "/p/kutahya/declaration"
API = "/api/processes/kutahya"


def declaration(paragraphs: int, revision: int) -> str:
    lines = ["# Preámbulo {#hdg_1}", ""]
    lines += [
        f"{i}. Párrafo {i} de la revisión {revision if i % 3 == 0 else 0}. {{#op_{i}}}"
        for i in range(1, paragraphs + 1)
    ]
    return "\n".join(lines) + "\n"


def fill(store, committee, paragraphs: int, versions: range) -> None:
    for revision in versions:
        text = declaration(paragraphs, revision)
        importing.import_version(
            store,
            committee,
            "kutahya",
            ImportVersion(filename=f"v{revision}.md", text=text, label=f"Rev.{revision}", replace_draft=True),
        )


@contextmanager
def counting(app):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "PRAGMA")):
            statements.append(statement)

    engine = app.state.db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


READS = [
    P,
    f"{P}/draft",
    f"{P}/draft/op_2",
    f"{P}/versions/1",
    f"{P}/compare?old=1&new=2",
    f"{P}/paragraphs/op_3",
    f"{P}/coverage",
    "/p/kutahya",
    f"{API}/draft",
    f"{API}/versions",
    f"{API}/versions/2",
    f"{API}/compare?old=1&new=2",
    f"{API}/paragraphs/op_3/history",
]


def costs(app, client, headers) -> dict[str, int]:
    result = {}
    for path in READS:
        with counting(app) as statements:
            response = client.get(path, headers=headers if path.startswith("/api") else None)
        assert response.status_code == 200, (path, response.text[:300])
        result[path] = len(statements)
    return result


def test_reads_cost_the_same_number_of_queries_whatever_the_size(app, client, web_store, web_people):
    headers = token_headers(client, web_people.committee.email)
    sign_in(client, web_people.committee.email)
    fill(web_store, web_people.committee, 6, range(1, 3))
    # The latest version read once, as every reader but the committee (who land on the draft) reads it from the
    # Declaration tab: a worker's first read of a version's text costs a query, whatever its size.
    client.get(f"{P}/versions/2")
    small = costs(app, client, headers)
    fill(web_store, web_people.committee, 48, range(3, 9))  # eight times the paragraphs, four times the versions
    client.get(f"{P}/versions/8")
    large = costs(app, client, headers)
    grew = {path: (small[path], large[path]) for path in READS if large[path] > small[path]}
    assert not grew, f"queries grew with the data: {grew}"


def seed(store, people, paragraphs: int, start: int, count: int) -> None:
    """`count` amendments, threads and English translations more, on the latest version."""
    from workspace.domain.amendments.amendment_commands import ProposeAmendment
    from workspace.domain.comments.comment_commands import OpenThread
    from workspace.domain.translations.translations import SaveTranslation
    from workspace.services import amendments, comments, translations

    rows = {r.eid: r for r in translations.list_translations(store, people.committee, "kutahya", "en")}
    for n in range(start, start + count):
        eid = f"op_{n % paragraphs + 1}"
        text = rows[eid].source_text
        amendments.propose(
            store,
            people.member,
            "kutahya",
            ProposeAmendment(version="Rev.2", eid=eid, kind="modify", text=text + f" Más {n}."),
        )
        comments.open_thread(
            store, people.member, "kutahya", OpenThread(version="Rev.2", eid=eid, body=f"Comentario {n}.")
        )
        translations.save_translation(
            store,
            people.committee,
            "kutahya",
            "en",
            eid,
            SaveTranslation(text=f"Paragraph {n}.", source_revision=rows[eid].source_revision, state="translated"),
        )


FEATURE_READS = [
    "/p/kutahya/amendments",
    "/p/kutahya/amendments/compilation",
    "/p/kutahya/amendments/disposition",
    "/p/kutahya/amendments/status",
    f"{API}/amendments",
    f"{API}/compilation",
    "/p/kutahya/threads",
    "/p/kutahya/discuss/op_2?version=2",
    f"{API}/threads",
    "/p/kutahya/translations",
    "/p/kutahya/translations/en",
    f"{API}/translations/en",
    "/p/kutahya/declaration/aligned",
    f"{API}/progress",
]


@pytest.mark.usefixtures("unpaced")  # the committee makes 21 amendments and threads at once
def test_amendments_threads_and_translations_cost_the_same_whatever_their_number(app, client, web_store, web_people):
    headers = token_headers(client, web_people.committee.email)
    sign_in(client, web_people.committee.email)
    fill(web_store, web_people.committee, 12, range(1, 3))

    def measure() -> dict[str, int]:
        result = {}
        for path in FEATURE_READS:
            with counting(app) as statements:
                response = client.get(path, headers=headers if path.startswith("/api") else None)
            assert response.status_code == 200, (path, response.text[:300])
            result[path] = len(statements)
        return result

    seed(web_store, web_people, 12, 0, 3)
    small = measure()
    seed(web_store, web_people, 12, 3, 21)  # eight times the amendments, threads and translations
    large = measure()
    grew = {path: (small[path], large[path]) for path in FEATURE_READS if large[path] > small[path]}
    assert not grew, f"queries grew with the data: {grew}"


@contextmanager
def transactions(app):
    """The connections the app takes from its pool (one per transaction) while the block runs."""
    taken: list[object] = []

    def checkout(*args):
        taken.append(args)

    pool = app.state.db.engine.pool
    event.listen(pool, "checkout", checkout)
    try:
        yield taken
    finally:
        event.remove(pool, "checkout", checkout)


def test_who_asks_and_the_process_language_are_read_in_the_requests_own_transaction(app, client, web_store, web_people):
    """A page read is one transaction: who is asking and the process's language are read in it, not in reads of
    their own before it. The API reads its token before anything else of the request (the guard that answers 401
    first), then works in one transaction. A write reads who is asking and the language in one short read before
    its own (which takes the write lock: web/context.py says why), where it took two."""
    headers = token_headers(client, web_people.committee.email)
    sign_in(client, web_people.committee.email)
    fill(web_store, web_people.committee, 3, range(1, 2))
    expected = {"/p/kutahya": 1, f"{P}/versions/1": 1, f"{P}/draft/op_1": 1, f"{API}/versions": 2, "/api/me": 1}
    taken, pages = {}, {}
    for path in expected:
        with transactions(app) as connections:
            response = client.get(path, headers=headers if path.startswith("/api") else None)
        assert response.status_code == 200, (path, response.text[:300])
        taken[path], pages[path] = len(connections), response.text
    assert taken == expected
    form = BeautifulSoup(pages[f"{P}/draft/op_1"], "html.parser").select_one("form[action$='/op_1/edit']")
    with transactions(app) as connections:
        saved = form_post(
            client,
            f"{P}/draft/op_1/edit",
            {
                "text": "Párrafo uno, corregido.",
                "base_revision": form.select_one("input[name=base_revision]")["value"],
                "kind": "operative",
            },
        )
    assert saved.status_code == 303, saved.text[:300]
    assert len(connections) == 2


def test_a_process_page_reads_who_asks_with_the_process_and_their_role(app, client, web_store, web_people):
    """A browser's page of a process reads the person of the session, the process of the address and their role in
    it in one statement, which the page's use cases then find in the transaction: no statement reads the process by
    its address again. An outsider is read the same way and still answered as for a process that does not exist."""
    fill(web_store, web_people.committee, 3, range(1, 2))
    for person, path, status in (
        (web_people.member, f"{P}/versions/1", 200),
        (web_people.committee, "/p/kutahya", 200),
        (web_people.outsider, f"{P}/versions/1", 404),
    ):
        client.cookies.clear()
        sign_in(client, person.email)
        with counting(app) as statements:
            response = client.get(path)
        assert response.status_code == status, (path, response.text[:300])
        sessions = [s for s in statements if "sign_ins" in s]
        assert len(sessions) == 1 and "processes.slug" in sessions[0] and "memberships" in sessions[0], sessions
        by_address = [s for s in statements if "sign_ins" not in s and "processes.slug =" in s]
        assert not by_address, by_address


def test_a_kept_version_page_is_answered_with_the_one_statement_that_reads_who_asks(app, client, web_store, web_people):
    """Once a version's page is kept for a role, a reader of that role is answered with one statement: the session's
    person, the process, their role and the process's latest entry (what names the kept page with the version, which
    never changes). A new entry is read by that same statement and names a new page."""
    fill(web_store, web_people.committee, 3, range(1, 3))
    sign_in(client, web_people.member.email)
    client.get(f"{P}/versions/1")  # kept now, for the members
    with counting(app) as statements:
        first = client.get(f"{P}/versions/1")
    assert first.status_code == 200 and len(statements) == 1 and "sign_ins" in statements[0], statements
    fill(web_store, web_people.committee, 4, range(3, 4))  # a new version: new entries of the process
    with counting(app) as statements:
        again = client.get(f"{P}/versions/1")
    assert again.status_code == 200 and len(statements) > 1, statements  # made again for the process as it stands
    with counting(app) as statements:
        assert client.get(f"{P}/versions/1").status_code == 200
    assert len(statements) == 1, statements
    headers = token_headers(client, web_people.member.email)  # a page asked with a token is read the same way
    client.cookies.clear()
    with counting(app) as statements:
        by_token = client.get(f"{P}/versions/1", headers=headers)
    assert by_token.status_code == 200 and len(statements) == 1 and "api_tokens" in statements[0], statements
    assert web_people.member.name in by_token.text
