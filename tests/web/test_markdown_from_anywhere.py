"""Markdown from anywhere through the real app (issue 67, item 4): a treaty draft's shapes (a numbered line ending in
`]:` in a block indented under an "**Option 3:**" label, a heading after a no-break space, Kramdown's `{:toc}` and
attributes, footnotes) import as their writer meant; a front matter `title` too long for a label names no version and
refuses nothing when the person left the label empty: the version takes its default name, and a notice says so. Both
backends; the API and the page."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.integration.support import dump
from tests.web.conftest import form_post, sign_in, token_headers

P = "/api/processes/kutahya"
TITLE = (
    "Draft CMA decision on guidance on cooperative approaches referred to in Article 6, paragraph 2, of the Paris "
    "Agreement (version of 4 December)"
)
DRAFT = """##\u00a0Draft decision

* TOC
{:toc}

The Conference of the Parties[^1],
{: .lead}

1. *Decides* that:

    **Option 3:**

    1. [Each Party shall apply corresponding adjustments];
    2. [In accounting for ITMOs, taking into account guidance developed under paragraph (a) above]:

        (a) [Apply a representative indicator];

[^1]: Serving as the meeting of the Parties to the Paris Agreement.
"""


PLAIN = "# Preámbulo\n\nReconociendo el papel de las ciudades intermedias.\n\n1. Nos comprometemos.\n"


def front(title: str) -> str:
    return f"---\ntitle: {title}\nlayout: post\n---\n"


def test_a_treaty_draft_from_a_converter_imports_as_its_writer_meant(client, web_people, web_store):
    committee = token_headers(client, web_people.committee.email)
    answer = client.post(f"{P}/versions/import", json={"filename": "cma.md", "text": DRAFT}, headers=committee)
    assert answer.status_code == 201, answer.text
    draft = client.get(f"{P}/draft", headers=committee).json()["paragraphs"]
    assert [(p["kind"], p["text"]) for p in draft] == [
        ("heading", "Draft decision"),
        (
            "preambular",
            "The Conference of the Parties[^1],\n\n[^1]: Serving as the meeting of the Parties to the Paris Agreement.",
        ),
        ("operative", "*Decides* that:\n\n **Option 3:**"),  # indented one more than the item: kept as written
        ("operative", "[Each Party shall apply corresponding adjustments];"),
        ("operative", "[In accounting for ITMOs, taking into account guidance developed under paragraph (a) above]:"),
        ("operative", "(a) [Apply a representative indicator];"),
    ]
    notices = {(n["line"], n["message"]) for n in answer.json()["notices"]}
    assert (
        3,
        "The list that Kramdown replaces with a table of contents (“{:toc}”) is left out: it holds no words.",
    ) in (notices)
    assert (7, "Attributes of another Markdown (“{: .lead}”) are left out: they are markup, not words.") in notices


def test_a_title_too_long_for_a_label_names_the_version_by_default_and_says_so(client, web_people, web_store):
    committee = token_headers(client, web_people.committee.email)
    assert len(TITLE) > 100
    answer = client.post(
        f"{P}/versions/import",
        json={"filename": "cma.md", "text": front(TITLE) + PLAIN, "label": ""},
        headers=committee,
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["label"] == "Borrador cero"
    assert {
        "file": "cma.md",
        "line": 2,
        "message": (
            "The front matter’s title is too long to name the version (at most 100 characters): the version is named "
            "“Borrador cero”."
        ),
        "where": "",
    } in answer.json()["notices"]
    version = client.get(f"{P}/versions/1", headers=committee).json()["version"]
    assert (version["label"], version["labels"]) == (
        "Borrador cero",
        {"es": "Borrador cero", "en": "Zero draft", "fr": "Avant-projet"},
    )
    # Nothing names the next one: it is Rev.1, and the notice says so.
    again = client.post(
        f"{P}/versions/import",
        json={"filename": "rev1.md", "text": PLAIN.replace("comprometemos", "obligamos")},
        headers=committee,
    )
    assert again.status_code == 201, again.text
    assert again.json()["label"] == "Rev.1"
    assert "No label was given, and the file gives none: the version is named “Rev.1”." in [
        n["message"] for n in again.json()["notices"]
    ]
    # A label the file gives and that cannot be one is the file's line that is refused, never the empty field.
    before = dump(web_store)
    refused = client.post(
        f"{P}/versions/import",
        json={"filename": "rev2.md", "text": f"---\nlabel: {TITLE}\n---\n" + PLAIN, "preview": True},
        headers=committee,
    )
    assert refused.status_code == 422 and refused.json()["error"].startswith("rev2.md:2: "), refused.text
    assert dump(web_store) == before


def test_the_import_page_names_the_version_by_default_when_the_title_is_too_long(client, web_people, web_store):
    sign_in(client, web_people.committee.email)
    before = dump(web_store)
    answer = form_post(client, "/p/kutahya/declaration/import", {"text": front(TITLE) + PLAIN, "label": ""})
    assert answer.status_code == 200, answer.text
    page = BeautifulSoup(answer.text, "html.parser")
    confirm = page.find("form", id="import-confirm")
    assert confirm.find("input", attrs={"name": "label"})["value"] == "Borrador cero"
    notices = [li.get_text(" ", strip=True) for li in page.select("#notices li.notice")]
    assert any(n.startswith("declaration.md:2 ") and "“Borrador cero”" in n and "too long" in n for n in notices)
    assert dump(web_store) == before
