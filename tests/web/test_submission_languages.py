"""Submissions in any edition (issue 34), through the JSON API: a delegation writes its proposal in the French edition;
the compilation waits until the committee renders it into Spanish (the source), then takes the Spanish words and offers
the delegation's French words as the new paragraph's French translation."""

from __future__ import annotations

from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures
from tests.web.api.test_api_renderings import translated
from tests.web.api.test_api_submissions import moment, room  # noqa: F401 - fixtures
from workspace.domain.declaration.document import revision_id

FR_PROPOSED = "Nous demandons aux gouvernements nationaux de soutenir fermement le financement local."
ES_RENDERED = "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local."
ES_SOURCE = "Pedimos a los gobiernos nacionales apoyar la financiación local."


def test_a_proposal_written_in_french_is_rendered_then_compiled(client, room):  # noqa: F811 - the fixture
    committee, member = room["committee"], room["member"]
    translated(client, room)
    window = client.post(
        f"{P}/submissions/windows", json={"opens": moment(-1), "closes": moment(24)}, headers=committee
    )
    assert window.status_code == 201, window.text
    untranslated = client.post(
        f"{P}/submissions",
        json={"kind": "modify", "eid": "pre_1", "text": "Reconnaissant.", "lang": "fr"},
        headers=member,
    )
    assert untranslated.status_code == 422 and untranslated.json()["detail"]["field"] == "lang", untranslated.text
    unknown = client.post(
        f"{P}/submissions", json={"kind": "modify", "eid": "op_2", "text": FR_PROPOSED, "lang": "de"}, headers=member
    )
    assert unknown.status_code == 422 and "“de”" in unknown.json()["error"], unknown.text
    filed = client.post(
        f"{P}/submissions", json={"kind": "modify", "eid": "op_2", "text": FR_PROPOSED, "lang": "fr"}, headers=member
    )
    assert filed.status_code == 201, filed.text
    body = filed.json()
    assert (body["lang"], body["text"], body["source_text"]) == ("fr", FR_PROPOSED, None)
    assert body["source_revision"] == revision_id(ES_SOURCE)  # a rendering starts from the Spanish paragraph
    spanish = client.post(
        f"{P}/submissions",
        json={"kind": "insert", "after": "op_1", "text": "Promoveremos la cooperación."},
        headers=member,
    ).json()
    assert (spanish["lang"], spanish["source_text"], spanish["source_revision"]) == (
        "es",
        "Promoveremos la cooperación.",
        None,
    )

    waiting = client.post(f"{P}/compilations", json={}, headers=committee)
    assert waiting.status_code == 409 and waiting.json()["detail"]["submissions"] == [body["number"]], waiting.text
    assert waiting.json()["error"].startswith(f"Proposal {body['number']} is written in another language")  # one
    number = body["number"]
    refused = client.put(
        f"{P}/submissions/{number}/rendering",
        json={"text": ES_RENDERED, "base_revision": body["source_revision"]},
        headers=member,
    )
    assert refused.status_code == 403
    nothing = client.put(
        f"{P}/submissions/{spanish['number']}/rendering",
        json={"text": ES_RENDERED, "base_revision": body["source_revision"]},
        headers=committee,
    )
    assert nothing.status_code == 422, nothing.text  # written in Spanish: nothing to render
    rendered = client.put(
        f"{P}/submissions/{number}/rendering",
        json={"text": ES_RENDERED, "base_revision": body["source_revision"]},
        headers=committee,
    )
    assert rendered.status_code == 200, rendered.text
    assert rendered.json()["source_text"] == ES_RENDERED and rendered.json()["source_revision"] == revision_id(
        ES_RENDERED
    )
    stale = client.put(
        f"{P}/submissions/{number}/rendering",
        json={"text": ES_RENDERED + " Ya.", "base_revision": body["source_revision"]},
        headers=committee,
    )
    assert stale.status_code == 409, stale.text
    diff = stale.json()["detail"]["diff"]
    assert (
        "".join(t for op, t in diff if op <= 0) == ES_SOURCE and "".join(t for op, t in diff if op >= 0) == ES_RENDERED
    )

    compiled = client.post(f"{P}/compilations", json={}, headers=committee)
    assert compiled.status_code == 201, compiled.text
    by_number = {p["submission"]: p for p in compiled.json()["paragraphs"]}
    assert by_number[number]["text"] == f"{ES_RENDERED} (ARG)"
    eid = by_number[number]["eid"]
    # The delegation's own French words, its delegation named alike: the new paragraph's French draft translation.
    row = next(
        r
        for r in client.get(f"{P}/translations/fr", params={"version": "draft"}, headers=committee).json()
        if r["eid"] == eid
    )
    assert (row["state"], row["text"]) == ("draft", f"{FR_PROPOSED} (ARG)"), row
    late = client.put(
        f"{P}/submissions/{number}/rendering",
        json={"text": ES_RENDERED + " Ya.", "base_revision": revision_id(ES_RENDERED)},
        headers=committee,
    )
    assert late.status_code == 409, late.text  # compiled: its wording is the draft's now
    listed = client.get(f"{P}/submissions", headers=member).json()
    assert next(s for s in listed if s["number"] == number)["source_text"] == ES_RENDERED
