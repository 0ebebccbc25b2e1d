"""Issue 62's walks: the files an action's input passes through, from its handler to the store, measured by serving
it (tests/walks.py), at most eight each. Each walk prints its files (`pytest -s`).

A walk's hops are the files that take the input and hand it on: the handler (web/), the command that declares it
and the rules it is checked by (domain), the use cases (services/) and the store. A pure domain module the words are
read by on the way (the paragraph's parser, the diff, the bracket reader) does the action's work and hands nothing on:
it is listed apart, as read by, and not counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from litestar.testing import TestClient

from tests.walks import reader, walked
from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures
from tests.web.api.test_api_brackets import bracketed  # noqa: F401 - fixtures
from tests.web.api.test_api_submissions import room  # noqa: F401 - fixtures
from tests.web.conftest import form_post, sign_in
from tests.web.pages.test_pages_support import SLUG, html, import_zero
from workspace.store.models import Submission

MOST = 8


def _hops(name: str, files: list[str]) -> list[str]:
    """The files of a walk that take its input and hand it on (printed, with the words' readers apart)."""
    hops = [path for path in files if not reader(path)]
    print(f"\n{name}: {len(hops)} files")
    for path in hops:
        print(f"  {path}")
    print("  read by: " + ", ".join(path for path in files if reader(path)))
    return hops


def test_a_brackets_resolution_passes_at_most_eight_files(app, client, bracketed):  # noqa: F811
    draft = client.get(f"{P}/brackets", params={"version": "draft"}, headers=bracketed["committee"]).json()
    shall = next(b for b in draft if b["options"] == ["shall", "should"])
    paragraphs = client.get(f"{P}/draft", headers=bracketed["committee"]).json()["paragraphs"]
    revision = next(p["revision"] for p in paragraphs if p["eid"] == shall["eid"])
    with walked() as files:
        answer = TestClient(app).post(  # its own threads, made inside the walk: traced
            f"{P}/brackets/{shall['id']}/resolve",
            json={"option": 1, "base_revision": revision},
            headers=bracketed["committee"],
        )
    assert answer.status_code == 200, answer.text
    hops = _hops("a bracket's resolution (API)", files)
    assert "workspace/services/brackets/brackets.py" in files  # the use case was reached
    assert len(hops) <= MOST, hops


def test_a_members_amendment_passes_at_most_eight_files(app, tokens, zero):  # noqa: F811
    body = {
        "version": "1",
        "eid": "op_2",
        "kind": "modify",
        "text": "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local.",
        "rationale": "Más claro, y con firmeza.",
    }
    with walked() as files:
        answer = TestClient(app).post(f"{P}/amendments", json=body, headers=tokens["member"])
    assert answer.status_code == 201, answer.text
    hops = _hops("a member's amendment (API)", files)
    assert "workspace/services/amendments/proposals.py" in files
    assert len(hops) <= MOST, hops


def test_a_translators_save_from_its_page_passes_at_most_eight_files(app, client, web_people):
    import_zero(client, web_people)
    sign_in(client, web_people.translator.email)
    page = html(client.get(f"/p/{SLUG}/translations/en?version=1"))
    revision = page.select_one("li#op_1 form.tform").find("input", attrs={"name": "source_revision"})["value"]
    sent = {
        "text": "We commit to strengthening multilevel governance.",
        "source_revision": revision,
        "version": "1",
        "state": "translated",
    }
    with walked() as files:
        walker = TestClient(app)  # its own threads, made inside the walk: traced
        walker.cookies = client.cookies
        answer = form_post(walker, f"/p/{SLUG}/translations/en/op_1", sent)
    assert answer.status_code == 303, answer.text
    hops = _hops("a translator's save (page)", files)
    assert "workspace/services/translations/editor.py" in files
    assert len(hops) <= MOST, hops


def test_a_delegations_proposal_through_the_compilation_passes_at_most_eight_files(app, client, room):  # noqa: F811
    def moment(hours: float) -> str:
        return (datetime.now(UTC) + timedelta(hours=hours)).isoformat(timespec="minutes")

    opened = client.post(
        f"{P}/submissions/windows", json={"opens": moment(-1), "closes": moment(24)}, headers=room["committee"]
    )
    assert opened.status_code == 201, opened.text
    proposal = {"kind": "modify", "eid": "op_2", "text": "Pedimos a los gobiernos nacionales financiar lo local."}
    with walked(Submission) as files:  # the proposal, then the record the compilation reads it from
        walker = TestClient(app)
        filed = walker.post(f"{P}/submissions", json=proposal, headers=room["member"])
        compiled = walker.post(f"{P}/compilations", json={}, headers=room["committee"])
    assert filed.status_code == 201, filed.text
    assert compiled.status_code == 201, compiled.text
    hops = _hops("a delegation's proposal through the compilation (API)", files)
    assert "workspace/services/submissions/submissions.py" in files
    assert len(hops) <= MOST, hops
