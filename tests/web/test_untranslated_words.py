"""Every word in the reader's language (issue 35): what the committee, a member and a translator read in Spanish
and in French — every page they reach from the demo process's overview, the pages a form leads to (a Word file's
preview, an XLIFF file's report, the publication gate) and the API's refusals — holds no English word of the
interface's own vocabulary, no code of a state, a status or a language, no eId, and no ISO date.

The pages are walked over HTTP (the real app, no browser) breadth first from the overview, following the links
within the process as tests/e2e/test_page_walk_browser.py does in Chromium; pages of one shape (one session, one
amendment, one paragraph's history …) are opened at most twice.

What is read is the interface's own text, not what people wrote: a page's text without the declaration's paragraphs,
diffs, comments, recommendations and quotes, without what is marked as another language (`lang`), and without
technical identifiers marked as such (`code`); English words are looked for only where the interface names things
(navigation, buttons, labels, table headers, headings, badges, counts, flashes, errors and status messages).

- English: a single-word English msgid of the catalog whose Spanish (French) differs, and that is not itself a word
  of the Spanish (French) catalog ("Local", "Total" are Spanish too).
- Codes: `open`, `translated`, `approved`, `bracketed`, `outdated`, `missing`, `agreed` standing alone, a language
  code where a language's name belongs ("en en", "(fr)", a cell that reads "es"), an eId (`op_12`, `pre_3`).
- Dates: an ISO date and time (`2021-10-01T10:00`).
- Counts: one with a plural noun ("1 enmiendas"): a count said without ngettext.

The words a page shows do not depend on the database: SQLite only (the walk is long).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag
from litestar.testing import TestClient

from tests.conftest import restored
from tests.demo_data import KUTAHYA
from tests.integration.services.amendments.test_word_import import commented_version
from tests.web.conftest import PASSWORD, SQLITE_ONLY, csrf, form_post, token_headers
from workspace import i18n
from workspace.renderers.compilation_docx import compilation_docx
from workspace.services import accounts, amendments, transfer
from workspace.services.actor import SYSTEM
from workspace.settings import ROOT
from workspace.web.responses import DOCX

pytestmark = SQLITE_ONLY

S = "kutahya-2021"
START = f"/p/{S}"
API = f"/api/processes/{S}"
PEOPLE = {
    "committee": "comite@demo.accord",
    "member": "miembro@demo.accord",
    "translator": "traductrice.fr@demo.accord",
}
READERS = ("es", "fr")
PER_SHAPE = 2
PAGES_PER_WALK = 120  # a walk that needs more has found a shape this test does not group
SKIP = re.compile(r"\.(csv|md|docx|zip|xlf|pdf|xml|json|atom)$|/export|/events|/signout")
KEYWORDS = {
    *("new", "edit", "draft", "paragraphs", "versions", "compare", "coverage", "import", "declaration", "sessions"),
    *("recommendations", "members", "activity", "amendments", "threads", "discuss", "translations", "glossary"),
    *("status", "compilation", "disposition", "aligned", "publish", "publications", "parallel", "delegations"),
    *("consensus", "brackets", "clean", "submissions", "provenance", "renderings", "crosswalk", "voting"),
    *("projector", "history", "compromise", "progress"),
}

# What people wrote, shown as written: never the interface's words.
CONTENT = (
    "textarea, script, style, code, kbd, samp, pre, .para-text, .diff, .rec-text, .comment-body, blockquote, .quote,"
    " .side, .rendering, .declaration, .pub-para, ins, del, .summary-text, .markdown, .eid"
)
# Where the interface names things: English words are looked for here.
INTERFACE = (
    "nav, button, label, legend, summary, caption, th, dt, h1, h2, h3, h4, h5, h6, option, .badge, .tag, .count,"
    " .flash, .error-message, .error, [role=status], [role=alert], .eyebrow, .hint, .blockers li, .unplaced, .check"
)
CODES = re.compile(r"(?<![\w/.#-])(open|translated|approved|bracketed|outdated|missing|agreed|rejected)(?![\w/-])")
EID = re.compile(r"(?<![\w/#=-])(?:hdg|op|pre|pp|sec|para)_\d+\w*")
# A file's name, or a value quoted as typed (a code the API takes, what the person sent): not words of the sentence.
FILE_OR_QUOTED = re.compile(r"[\w.-]+\.(?:docx|xlf|xliff|md|csv|pdf|zip|json)\b|«[^»]*»|“[^”]*”|`[^`]*`")
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d")
# A count of one with a plural noun ("1 enmiendas", "1 amendements"): a count not made with ngettext. The few words
# that end in s in the singular are not plurals.
ONE_PLURAL = re.compile(r"(?<![\w.,])1\s([^\W\d_]+s)\b")
SINGULAR_S = {"mes", "vez", "más", "fois", "plus", "sous", "dans", "pas", "sans", "après", "vers", "jours", "es"}
LANGUAGE_CODE = re.compile(r"(?:\b(?:en|in|into|vers|dans|de|del|al|a)\s+(?:en|es|fr)\b(?!\s*[-'’])|\((?:en|es|fr)\))")


def _catalog(code: str) -> dict[str, str]:
    with (ROOT / "locales" / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=code)
    found: dict[str, str] = {}
    for m in catalog:
        if m.id:
            msgid = m.id if isinstance(m.id, str) else m.id[0]
            string = m.string if isinstance(m.string, str) else (m.string[0] if m.string else "")
            # A msgid with several contexts: any of its translations that differs makes it one to look for.
            if found.get(msgid) in (None, msgid):
                found[msgid] = string
    return found


@cache
def english_words(reader: str) -> frozenset[str]:
    """The interface's own English words that a page in `reader` must not show: single-word msgids whose
    translation differs, and that are not words of the reader's language as the catalog writes them."""
    catalog = _catalog(reader)
    theirs = {w.lower() for text in catalog.values() for w in re.findall(r"\w+", text)}
    words = {
        msgid
        for msgid, text in catalog.items()
        if re.fullmatch(r"[A-Za-z]{3,}", msgid) and text and text != msgid and msgid.lower() not in theirs
    }
    return frozenset(words | {w.lower() for w in words if len(w) > 3})  # "paragraph 6" as well as "Paragraph"


def _visible(element: Tag) -> str:
    return element.get_text(" ", strip=True)


def _interface(soup: BeautifulSoup, reader: str) -> tuple[str, list[str]]:
    """The page's own text (without what people wrote), and the texts of the elements that name things."""
    for other in soup.select("[lang]"):
        if not other.decomposed and other.name != "html" and other.get("lang") != reader:
            other.decompose()
    for written in soup.select(f"{CONTENT}, [hidden], template"):
        if not written.decomposed:
            written.decompose()
    body = soup.body or soup
    attributes = [
        element.get(name, "")
        for element in body.select("[placeholder], [aria-label], [title]")
        for name in ("placeholder", "aria-label", "title")
    ]
    text = "\n".join([*body.stripped_strings, *(str(a) for a in attributes if a)])
    named = [_visible(element) for element in body.select(INTERFACE)]
    return text, [t for t in named if t]


def problems_in(text: str, named: list[str], reader: str) -> list[str]:
    """What in `text` (a page's own text, or an API's message) and in `named` (the texts that name things) is not in
    the reader's words."""
    unquoted = FILE_OR_QUOTED.sub(" ", text)
    found = [f"code “{m.group(0)}” in “{_around(unquoted, m)}”" for m in CODES.finditer(unquoted)]
    found += [f"eId “{m.group(0)}” in “{_around(unquoted, m)}”" for m in EID.finditer(unquoted)]
    found += [f"ISO date “{m.group(0)}” in “{_around(text, m)}”" for m in ISO.finditer(text)]
    found += [
        f"plural after one in “{_around(line, m)}”"
        for line in text.split("\n")  # one string of the page each: a count is said in one
        for m in ONE_PLURAL.finditer(line)
        if m.group(1) not in SINGULAR_S
    ]
    found += [f"language code in “{_around(text, m)}”" for m in LANGUAGE_CODE.finditer(text)]
    found += [f"language code “{t}” alone" for t in named if t in ("en", "es", "fr")]
    english = english_words(reader)
    for shown in named:
        # A file's name is the file's ("commented.docx"), a quoted value the person's or the API's (“final”).
        words = FILE_OR_QUOTED.sub(" ", shown)
        for word in re.findall(r"[^\W\d_]+", words):  # whole words: "importó" is no "import"
            if word in english:
                found.append(f"English “{word}” in “{shown[:120]}”")
    return found


def _around(text: str, m: re.Match[str]) -> str:
    return " ".join(text[max(0, m.start() - 60) : m.end() + 60].split())


def page_problems(response: Any, reader: str) -> list[str]:
    soup = BeautifulSoup(response.text, "html.parser")
    html = soup.find("html")
    assert isinstance(html, Tag) and html.get("lang") == reader, (response.url, html and html.get("lang"))
    text, named = _interface(soup, reader)
    return problems_in(text, named, reader)


def api_problems(body: object, reader: str) -> list[str]:
    """The human words of an API answer (`error`, and every `message` and `reason` of its detail)."""
    found: list[str] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in ("error", "message", "reason", "first"):
            found.extend(problems_in(value, [value], reader))

    walk(body)
    return found


def shape(path: str) -> str:
    """A path with its refs generalised: /p/x/sessions/abc → /p/x/sessions/*, …/paragraphs/op_2 → …/paragraphs/*."""
    parts = path.split("/")
    return "/".join(part if i < 3 or part in KEYWORDS else "*" for i, part in enumerate(parts))


def walk(client: TestClient, reader: str) -> tuple[int, list[str]]:
    """Every page reached from the overview, breadth first: (pages read, problems)."""
    problems: list[str] = []
    seen = {START}
    shapes: dict[str, int] = {}
    queue = deque([START])
    visited = 0
    while queue and visited < PAGES_PER_WALK:
        path = queue.popleft()
        response = client.get(path)
        visited += 1
        if response.status_code >= 400 or not response.headers.get("content-type", "").startswith("text/html"):
            if response.status_code >= 400:
                problems.append(f"{path}: HTTP {response.status_code}")
            continue
        problems += [f"{path}: {p}" for p in page_problems(response, reader)]
        soup = BeautifulSoup(response.text, "html.parser")
        for link in soup.select("a[href]"):
            href = str(link["href"])
            split = urlsplit(href)
            target = split.path + (f"?{split.query}" if split.query else "")
            if not split.path.startswith(START) or split.netloc or target in seen or SKIP.search(split.path):
                continue
            seen.add(target)
            key = shape(split.path)
            if shapes.get(key, 0) >= PER_SHAPE:
                continue
            shapes[key] = shapes.get(key, 0) + 1
            queue.append(target)
    assert visited > 5 and not queue, (visited, len(queue))
    return visited, problems


@pytest.fixture
def demo(web_store) -> None:
    def build(store) -> None:
        transfer.import_folder(store, None, KUTAHYA)
        for email in PEOPLE.values():
            accounts.set_password(store, SYSTEM, email, PASSWORD)

    restored(web_store, "demo, its people signed in", build)


def signed_in(client: TestClient, who: str, reader: str) -> TestClient:
    client.headers["Accept-Language"] = reader
    response = form_post(client, "/signin", {"email": PEOPLE[who], "password": PASSWORD})
    assert response.status_code == 303, response.text
    return client


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("who", PEOPLE)
def test_every_page_a_role_reaches_speaks_the_readers_language(client, demo, who, reader):
    visited, problems = walk(signed_in(client, who, reader), reader)
    print(f"\n{who} in {reader}: {visited} pages")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:120])


@pytest.mark.parametrize("reader", READERS)
def test_the_publication_gate_names_paragraphs_languages_and_states_in_words(client, demo, reader):
    signed_in(client, "committee", reader)
    page = client.get(f"{START}/publish")
    assert page.status_code == 200
    gate = BeautifulSoup(page.text, "html.parser").select("ul.blockers li")
    assert gate, "the demo's Rev.1 is not settled: its gate lists what is left"
    problems = page_problems(page, reader)
    for kind in ("translation", "status", "place", "brackets", "amendment", "alignment"):
        shown = client.get(f"{START}/publish", params={"kind": kind})
        problems += [f"{kind}: {p}" for p in page_problems(shown, reader)]
    committee = token_headers(client, PEOPLE["committee"])
    answer = client.post(
        f"{API}/publications",
        json={"version": "Rev.1", "symbol": "UCLG/K/2021/1", "date": "2021-10-08"},
        headers={**committee, "Accept-Language": reader},
    )
    assert answer.status_code == 409, answer.text
    assert answer.json()["detail"]["blockers"]
    problems += [f"API: {p}" for p in api_problems(answer.json(), reader)]
    gate = client.get(f"{API}/gate", params={"version": "Rev.1"}, headers={**committee, "Accept-Language": reader})
    assert gate.status_code == 200, gate.text
    problems += [f"API gate: {p}" for p in api_problems(gate.json(), reader)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:80])


def _compiled(store) -> bytes:
    member = accounts.actor_by_email(store, PEOPLE["member"])
    with i18n.locale_scope("en"):
        return compilation_docx(amendments.compilation(store, member, S, "Rev.1"), "Rev.1", i18n.gettext)


@pytest.mark.parametrize("reader", READERS)
def test_a_word_files_preview_speaks_the_readers_language(client, web_store, demo, reader):
    signed_in(client, "member", reader)
    member = accounts.actor_by_email(web_store, PEOPLE["member"])
    problems: list[str] = []
    for name, body in (
        ("rev1.docx", _compiled(web_store)),
        ("commented.docx", commented_version(web_store, member, "op_12", "campañas mundiales")),
    ):
        page = client.post(
            f"{START}/amendments/import",
            data={"_csrf_token": csrf(client), "version": "2"},
            files={"file": (name, body, DOCX)},
        )
        assert page.status_code == 200, page.text
        problems += [f"{name}: {p}" for p in page_problems(page, reader)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("reader", READERS)
def test_an_xliff_files_report_speaks_the_readers_language(client, demo, reader):
    signed_in(client, "translator", reader)
    body = client.get(f"{API}/translations/fr.xlf", params={"version": "2"}).content
    forged = body.replace(b'<unit id="op_9">', b'<unit id="op_99">', 1)
    problems: list[str] = []
    for sent in (body, forged):
        page = client.post(
            f"{START}/translations/fr/import",
            data={"version": "2", "_csrf_token": csrf(client)},
            files={"file": ("rev1.fr.xlf", sent, "application/xliff+xml")},
        )
        assert page.status_code in (200, 422), page.text
        problems += page_problems(page, reader)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def _refusals(client: TestClient) -> Iterator[tuple[str, int, Any]]:
    """(what, the status expected, the answer) for a set of refusals of the API."""
    committee = token_headers(client, PEOPLE["committee"])
    member = token_headers(client, PEOPLE["member"])
    translator = token_headers(client, PEOPLE["translator"])
    yield "no such process", 404, client.get("/api/processes/nowhere", headers=committee)
    yield "no such amendment", 404, client.get(f"{API}/amendments/9999", headers=member)
    yield "no such paragraph", 404, client.get(f"{API}/declaration/paragraphs/op_999", headers=member)
    yield (
        "a member publishes",
        403,
        client.post(
            f"{API}/publications", json={"version": "Rev.1", "symbol": "X/1", "date": "2021-10-08"}, headers=member
        ),
    )
    yield (
        "a translator decides",
        403,
        client.post(f"{API}/amendments/1/decision", json={"decision": "accepted", "reason": "x"}, headers=translator),
    )
    yield (
        "a translator writes into another language",
        403,
        client.put(f"{API}/translations/en/op_12", json={"text": "x", "source_revision": "0" * 64}, headers=translator),
    )
    yield (
        "an unknown kind",
        422,
        client.post(
            f"{API}/amendments",
            json={"version": "Rev.1", "eid": "op_12", "kind": "rewrite", "text": "x"},
            headers=member,
        ),
    )
    yield (
        "an unknown state",
        422,
        client.put(
            f"{API}/translations/fr/op_12",
            json={"text": "x", "source_revision": "0" * 64, "state": "final"},
            headers=translator,
        ),
    )
    yield (
        "publishing with blockers",
        409,
        client.post(
            f"{API}/publications",
            json={"version": "Rev.1", "symbol": "UCLG/K/2021/1", "date": "2021-10-08"},
            headers=committee,
        ),
    )


@pytest.mark.parametrize("reader", READERS)
def test_the_apis_refusals_speak_the_readers_language(client, demo, reader):
    client.headers["Accept-Language"] = reader
    problems: list[str] = []
    for what, status, answer in _refusals(client):
        assert answer.status_code == status, (what, answer.status_code, answer.text)
        body = answer.json()
        assert body["error"], what
        problems += [f"{what}: {p}" for p in api_problems(body, reader)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
