"""Translation exchange over HTTP, on both backends: the demo's translators export their language as
XLIFF and as a Markdown edition and import the files back unchanged through the API and the page;
every state stays, the settled demo's gate stays clear; a file with refused units answers 422 with
every refusal and its line, and the page says the same."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import restored
from tests.integration.services.publication.test_publication import settle
from tests.integration.services.transfer.test_amendment_files import KUTAHYA
from tests.integration.services.transfer.test_transfer import admin_of
from tests.integration.support import dump
from tests.web.conftest import PASSWORD, csrf, sign_in, token_headers
from tests.web.pages.test_pages_support import html
from workspace.services import accounts, transfer
from workspace.services.actor import SYSTEM

S = "kutahya-2021"
API = f"/api/processes/{S}"
TRANSLATOR = "traductor.en@demo.accord"


@pytest.fixture
def demo(web_store):
    def build(store):
        transfer.import_folder(store, None, KUTAHYA)
        accounts.set_password(store, SYSTEM, TRANSLATOR, PASSWORD)
        return admin_of(store)

    return restored(web_store, "demo", build)


def data(store) -> dict[str, list[tuple]]:
    """Every row but the tokens' (a token records when it was last used)."""
    return {table: rows for table, rows in dump(store).items() if table != "api_tokens"}


def states(client, headers, lang: str = "en") -> dict[str, tuple]:
    response = client.get(f"{API}/translations/{lang}", params={"version": "Rev.1"}, headers=headers)
    assert response.status_code == 200, response.text
    return {r["eid"]: (r["state"], r["text"], r["updated_by"], r["updated_at"]) for r in response.json()}


def test_xliff_and_markdown_round_trips_through_the_api_keep_every_state(client, web_store, demo):
    translator = token_headers(client, TRANSLATOR)
    before, rows = data(web_store), states(client, translator)
    assert Counter(s for s, *_ in rows.values())["approved"] >= 20
    xliff = client.get(f"{API}/translations/en.xlf", params={"version": "Rev.1"}, headers=translator)
    assert xliff.status_code == 200 and xliff.headers["content-type"].startswith("application/xliff+xml")
    answer = client.post(
        f"{API}/translations/en/import",
        params={"version": "Rev.1", "filename": "rev1.en.xlf"},
        content=xliff.content,
        headers={**translator, "content-type": "application/xliff+xml"},
    )
    assert answer.status_code == 201, answer.text
    report = answer.json()
    assert (report["imported"], report["refused"], report["saved"]) == (0, 0, True)
    assert [(u["eid"], u["outcome"], u["state"]) for u in report["units"]] == [
        (e, "unchanged", r[0]) for e, r in rows.items()
    ]

    markdown = client.get(f"{API}/translations/en.md", params={"version": "Rev.1"}, headers=translator)
    assert markdown.status_code == 200 and markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    answer = client.post(
        f"{API}/translations/en/import",
        params={"version": "Rev.1", "filename": "rev1.en.md"},
        content=markdown.content,
        headers={**translator, "content-type": "text/markdown"},
    )
    assert answer.status_code == 201, answer.text
    assert {u["outcome"] for u in answer.json()["units"]} == {"unchanged"}
    assert states(client, translator) == rows and data(web_store) == before


def test_the_settled_demo_keeps_its_gate_open_after_the_translators_round_trip(client, web_store, demo):
    settle(web_store, demo)
    accounts.set_password(web_store, SYSTEM, "comite@demo.accord", PASSWORD)
    committee = token_headers(client, "comite@demo.accord")
    assert client.get(f"{API}/gate", params={"version": "Rev.1"}, headers=committee).json()["clear"] is True
    translator = token_headers(client, TRANSLATOR)
    rows = states(client, translator)
    body = client.get(f"{API}/translations/en.xlf", params={"version": "Rev.1"}, headers=translator).content
    assert (
        client.post(
            f"{API}/translations/en/import",
            params={"version": "Rev.1"},
            content=body,
            headers={**translator, "content-type": "application/xliff+xml"},
        ).status_code
        == 201
    )
    assert states(client, translator) == rows
    assert client.get(f"{API}/gate", params={"version": "Rev.1"}, headers=committee).json()["clear"] is True


def test_a_file_with_refused_units_is_422_with_every_refusal_and_nothing_written(client, web_store, demo):
    translator = token_headers(client, TRANSLATOR)
    body = client.get(f"{API}/translations/en.xlf", params={"version": "Rev.1"}, headers=translator).content
    forged = body.replace(b">Preamble</target>", b">1. Preamble</target>").replace(
        b'<unit id="op_9">', b'<unit id="op_99">'
    )
    before = data(web_store)
    answer = client.post(
        f"{API}/translations/en/import",
        params={"version": "Rev.1", "filename": "rev1.en.xlf"},
        content=forged,
        headers={**translator, "content-type": "application/xliff+xml"},
    )
    assert answer.status_code == 422
    error = answer.json()
    assert set(error) == {"error", "detail"} and error["error"].startswith("rev1.en.xlf:10: ")
    op_99 = forged[: forged.index(b'<unit id="op_99">')].count(b"\n") + 1  # the line of the unit named no paragraph
    assert [(e["file"], e["line"]) for e in error["detail"]["errors"]] == [("rev1.en.xlf", 10), ("rev1.en.xlf", op_99)]
    assert all(e["message"].startswith(f"rev1.en.xlf:{e['line']}: ") for e in error["detail"]["errors"])
    refused = [u for u in error["detail"]["report"]["units"] if u["outcome"] == "refused"]
    assert [(u["eid"], u["line"], u["state"]) for u in refused] == [("hdg_1", 10, "approved"), ("op_99", op_99, "")]
    assert all(u["reason"] for u in refused) and error["detail"]["report"]["saved"] is False
    assert data(web_store) == before


def test_the_page_imports_a_file_and_shows_what_became_of_each_paragraph(client, web_store, demo):
    sign_in(client, TRANSLATOR)
    editor = html(client.get(f"/p/{S}/translations/en?version=2"))
    form = editor.find("form", attrs={"action": f"/p/{S}/translations/en/import"})
    assert form is not None and form.find("input", attrs={"name": "file"})
    xliff_link = editor.find("a", href=f"{API}/translations/en.xlf?version=2")
    body = client.get(xliff_link["href"]).content  # a browser session reads the API
    before = data(web_store)
    page = client.post(
        f"/p/{S}/translations/en/import",
        data={"version": "2", "_csrf_token": csrf(client)},
        files={"file": ("rev1.en.xlf", body, "application/xliff+xml")},
    )
    assert page.status_code == 200, page.text
    rows = html(page).select("table.import-report tbody tr")
    assert rows and {r["class"][0] for r in rows} == {"outcome-unchanged"}
    assert data(web_store) == before

    forged = body.replace(b">Preamble</target>", b">- Preamble</target>")
    page = client.post(
        f"/p/{S}/translations/en/import",
        data={"version": "2", "_csrf_token": csrf(client)},
        files={"file": ("rev1.en.xlf", forged, "application/xliff+xml")},
    )
    assert page.status_code == 422
    refused = html(page).select("table.import-report tr.outcome-refused")
    assert [r.find_all("td")[0].get_text(strip=True) for r in refused] == ["10"] and refused[0].find_all("td")[
        4
    ].get_text(strip=True)
    assert html(page).find(attrs={"role": "alert"}).get_text(" ", strip=True).startswith("rev1.en.xlf:10: ")
    assert data(web_store) == before
