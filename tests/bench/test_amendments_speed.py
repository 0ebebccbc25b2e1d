"""Amendments at negotiation scale: a 300-paragraph declaration with 800 open amendments.
Rebasing all of them after a new version, the compilation (service and page) and its .docx;
each at 200 and 800 amendments, to show how the cost grows. Run with `make bench`."""

from __future__ import annotations

import statistics
import time

import pytest
from litestar.testing import TestClient

from tests.bench.test_draft_speed import declaration, loaded, quick  # noqa: F401  (the fixture, autouse)
from tests.web.conftest import sign_in
from workspace import i18n
from workspace.domain.amendments.amendment_commands import DecideAmendment, ProposeAmendment
from workspace.domain.declaration.declaration_commands import Circulate, EditParagraph, ImportVersion
from workspace.renderers.compilation_docx import compilation_docx
from workspace.services import amendments
from workspace.services.declaration import draft, importing
from workspace.web.app import create_app

SLUG = "kutahya"
pytestmark = pytest.mark.usefixtures("unpaced")  # 800 amendments by two people: data, not a flood


def propose_many(store, people, paragraphs: list, count: int, start: int = 0) -> None:
    """`count` amendments spread over the paragraphs, each changing one word (some the same words)."""
    for n in range(start, start + count):
        p = paragraphs[n % len(paragraphs)]
        words = p.text.split(" ")
        at = (n // len(paragraphs) * 7) % (len(words) - 1)
        words[at] = words[at].upper()
        who = people.member if n % 2 else people.committee
        amendments.propose(
            store, who, SLUG, ProposeAmendment(version="1", eid=p.eid, kind="modify", text=" ".join(words))
        )


def circulate_a_revision(store, people, paragraphs: list) -> None:
    """Rev.2: a third of the paragraphs edited at their start (some amendments now conflict)."""
    for p in paragraphs[::3]:
        current = draft.get_draft_paragraph(store, people.committee, SLUG, p.eid)
        words = current.text.split(" ")
        words[0] = "Además," + words[0]
        draft.edit_paragraph(
            store, people.committee, SLUG, p.eid, EditParagraph(base_revision=current.revision, text=" ".join(words))
        )
    draft.circulate(store, people.committee, SLUG, Circulate(label="Rev.2", note=""))


def timed(fn, rounds: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(rounds):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def test_rebase_compilation_and_docx_at_200_and_800_open_amendments(db_url, settings_for):
    store, people, _ = loaded(db_url, 300)
    paragraphs = draft.get_draft(store, people.committee, SLUG).paragraphs
    backend = db_url.split(":")[0]
    figures = {}
    app = create_app(settings_for(db_url))
    with TestClient(app) as client:
        sign_in(client, people.committee.email)
        made = 0
        for count in (200, 800):
            propose_many(store, people, paragraphs, count - made, made)
            made = count
            if count == 800:
                circulate_a_revision(store, people, paragraphs)
            rebase_member, listed = timed(lambda: amendments.list_amendments(store, people.member, SLUG, status="open"))
            rebase_committee, _ = timed(
                lambda: amendments.list_amendments(store, people.committee, SLUG, status="open")
            )
            compile_time, view = timed(lambda: amendments.compilation(store, people.member, SLUG, None))
            client.get(f"/p/{SLUG}/amendments/compilation")
            page_time, response = timed(lambda: client.get(f"/p/{SLUG}/amendments/compilation"))
            with i18n.locale_scope("es"):
                docx_time, body = timed(lambda view=view: compilation_docx(view, "Bench", i18n.gettext), rounds=1)
            states = {}
            for a in listed:
                states[a.rebase.state] = states.get(a.rebase.state, 0) + 1
            figures[count] = (rebase_member, rebase_committee, compile_time, page_time, docx_time)
            print(
                f"\n[{backend}] {count} open amendments ({states}): rebase all {rebase_member * 1000:.0f} ms (on the "
                f"latest version), {rebase_committee * 1000:.0f} ms (on the working draft); compilation "
                f"{compile_time * 1000:.0f} ms, its page {page_time * 1000:.0f} ms ({len(response.content) / 1e6:.2f} "
                f"MB); .docx {docx_time * 1000:.0f} ms ({len(body) / 1e3:.0f} kB)"
            )
            assert response.status_code == 200
    store.dispose()
    small, large = figures[200], figures[800]
    print(
        f"[{backend}] growth 200 → 800 amendments: "
        + ", ".join(
            f"{name} ×{b / a:.1f}"
            for name, a, b in zip(
                ("rebase", "rebase (draft)", "compilation", "page", "docx"), small, large, strict=True
            )
        )
    )
    rebase_member, rebase_committee, compile_time, page_time, docx_time = large
    assert max(rebase_member, rebase_committee) < 2.0, "rebasing 800 amendments must take under 2 s"
    assert docx_time < 2.0, "the .docx of 800 amendments must take under 2 s"
    assert page_time < 0.3, "the compilation page of 800 amendments must take under 300 ms"


def one_amendment_costs(store, people, rounds: int = 20) -> tuple[float, float, float]:
    """Median milliseconds to propose, read and accept one amendment of the draft, each on its own paragraph."""
    paragraphs = [p for p in draft.get_draft(store, people.committee, SLUG).paragraphs if p.kind == "operative"][
        :rounds
    ]
    proposing, reading, deciding = [], [], []
    for p in paragraphs:
        started = time.perf_counter()
        made = amendments.propose(
            store,
            people.committee,
            SLUG,
            ProposeAmendment(version="draft", eid=p.eid, kind="modify", text=p.text + " Enmendado."),
        )
        proposing.append(time.perf_counter() - started)
        started = time.perf_counter()
        amendments.get_amendment(store, people.committee, SLUG, made.label)
        reading.append(time.perf_counter() - started)
        started = time.perf_counter()
        amendments.decide_amendment(
            store, people.committee, SLUG, made.label, DecideAmendment(decision="accepted", reason="Bench.")
        )
        deciding.append(time.perf_counter() - started)
    return tuple(statistics.median(times) * 1000 for times in (proposing, reading, deciding))  # type: ignore[return-value]


def test_one_amendment_costs_the_same_at_300_and_3000_paragraphs(db_url):
    store, people, _ = loaded(db_url, 300)
    small = one_amendment_costs(store, people)
    importing.import_version(
        store,
        people.committee,
        SLUG,
        ImportVersion(filename="bigger.md", text=declaration(3000).replace("Rev.1", "Rev.2"), replace_draft=True),
    )
    large = one_amendment_costs(store, people)
    store.dispose()
    backend = db_url.split(":")[0]
    for name, a, b in zip(("propose", "read", "accept"), small, large, strict=True):
        print(
            f"\n[{backend}] one amendment, {name}: 300 paragraphs {a:.1f} ms, 3,000 paragraphs {b:.1f} ms "
            f"(×{b / a:.2f})"
        )
    assert all(b / a < 2 for a, b in zip(small, large, strict=True)), (
        "one amendment's cost must not grow with the draft"
    )
