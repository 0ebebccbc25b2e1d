"""A publication's files made by a worker after the publication's commit, on both backends: the texts
are frozen at once, the pages show how many files are made, a download meanwhile is 503 (never a
rendering of its own), and a worker that fails leaves the files to be made when first asked."""

from __future__ import annotations

import contextlib
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.backends import BACKENDS_DIFFER
from tests.conftest import restored
from tests.integration.services.publication.test_publication import SYMBOL, settle
from tests.integration.services.transfer.test_amendment_files import KUTAHYA
from tests.unit.renderers.models import long_blocks, model_of
from workspace.domain.errors import Busy
from workspace.domain.publication.publication import model_data
from workspace.renderers import child, publication_pdf
from workspace.renderers.publication_files import makeable
from workspace.services import publication, transfer
from workspace.services.actor import SYSTEM
from workspace.services.notifications.outward import Outward
from workspace.services.outbox import take
from workspace.services.publication import files, rendering
from workspace.services.publication.rendering import RenderFailed
from workspace.store.models import Outbox

pytestmark = BACKENDS_DIFFER  # the render job's claim by a worker, per backend

S = "kutahya-2021"


def work(store) -> list[int]:
    """What a worker does of the render entries waiting in the outbox (the mails are not this test's)."""
    with store() as tx:
        waiting = list(tx.scalars(select(Outbox.id).where(Outbox.kind == "render", Outbox.done_at.is_(None))))
    for entry in waiting:
        take(store, Outward("http://127.0.0.1:8000", "secret"), entry)
    return waiting


@pytest.fixture
def published_later(store):
    """Rev.1 published with its files left to a worker, as `accord serve` does with its job queue."""

    def build(store):
        transfer.import_folder(store, None, KUTAHYA)
        settle(store, SYSTEM)
        return publication.publish(
            store, SYSTEM, S, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"), files_later=True
        )

    return restored(store, "published later", build)


def test_the_worker_makes_the_files_and_the_pages_follow_it(store, published_later, monkeypatch):
    _, model = publication.publication_model(store, S)
    total = len(makeable(model))
    assert published_later.files == [] and published_later.rendering == publication.RenderingView(done=0, total=total)
    listed = publication.publications(store, S)[0]  # a page read meanwhile renders nothing itself
    assert listed.files == [] and listed.rendering == publication.RenderingView(done=0, total=total)
    with pytest.raises(Busy) as busy:
        files.published_file(store, S, 1, f"{S}.es.pdf")
    assert busy.value.params == {"done": 0, "total": total}

    seen: list[int] = []
    real = rendering.rendered

    def followed(model, progress=None, seal=None):  # what a page reads after each of the renderer's processes
        def told(done: int) -> None:
            progress(done)
            seen.append(publication.publications(store, S)[0].rendering.done)

        return real(model, told, seal)

    monkeypatch.setattr(files, "rendered", followed)
    monkeypatch.setattr(rendering, "LONG", 0)  # processes as for a long text: the files come in several steps
    assert len(work(store)) == 1
    assert seen == sorted(seen) and len(seen) > 2 and seen[-1] == total
    summary = publication.publications(store, S)[0]
    assert summary.rendering is None and len(summary.files) == total
    stored = files.published_file(store, S, 1, f"{S}.es.pdf")
    with publication.file_content(store, stored) as body:
        assert hashlib.sha256(body.read()).hexdigest() == stored.sha256
    assert work(store) == []


def test_a_worker_that_fails_leaves_the_files_to_the_first_reader(store, published_later, monkeypatch):
    def broken(model, progress=None, seal=None):
        raise RenderFailed("the renderer of kutahya-2021 stopped with -9")

    monkeypatch.setattr(files, "rendered", broken)
    assert len(work(store)) == 1
    monkeypatch.undo()
    summary = publication.publications(store, S)[0]  # the first reader after the failure makes them
    made = [name for name, _ in makeable(publication.publication_model(store, S)[1])]
    assert summary.rendering is None and [f.name for f in summary.files] == made
    assert len(work(store)) == 1 and work(store) == []  # the worker's next try finds them made, and is done
    assert [f.name for f in publication.publications(store, S)[0].files] == made


def test_the_long_texts_processes_run_the_longest_first():
    model = model_of(long_blocks(600))
    made = makeable(model)
    kinds = dict(made)
    batches = [task.names for task in child.tasks(model, [name for name, _ in made])[0]]
    assert batches[0] == ("kutahya-2021.es-en-fr.pdf",)
    alone = [b for b in batches if len(b) == 1]  # each PDF and the trilingual Word file by a process of its own
    assert sorted(name for [name] in alone) == sorted(
        [name for name, kind in made if kind == "pdf"] + ["kutahya-2021.es-en-fr.docx"]
    )
    together = [b for b in batches if len(b) > 1]  # the others in batches of one kind (XML, JSON, Markdown as one)
    assert sorted(name for b in batches for name in b) == sorted(kinds)
    assert sorted(sorted({kinds[name] for name in b}) for b in together) == [["docx"], ["html"], ["json", "md", "xml"]]
    weights = [task.weight for task in child.tasks(model, [name for name, _ in made])[0]]
    assert weights == sorted(weights, reverse=True)
    short = model_of(long_blocks(30))
    assert [task.names for task in child.tasks(short, [name for name, _ in makeable(short)], together=True)[0]] == [
        tuple(name for name, _ in makeable(short))
    ]


def test_a_long_pdfs_parts_come_first_so_that_it_is_joined_while_the_others_render(monkeypatch):
    monkeypatch.setattr(publication_pdf, "PART_PARAGRAPHS", 120)
    model = model_of(long_blocks(600))
    ready, parts = child.tasks(model, [name for name, _ in makeable(model)])
    first = [task for task in ready if task.part_of is not None]
    assert len(first) > 2 and ready[: len(first)] == first
    assert {task.part_of for task in first} == set(parts) and [
        t.rows for t in first if t.part_of == "kutahya-2021.es-en-fr.pdf"
    ] == parts["kutahya-2021.es-en-fr.pdf"]


SIZED = (
    "import sys\n"
    "from workspace.renderers import child, publication_pdf\n"
    "publication_pdf.PART_PARAGRAPHS = 120\n"
    "sys.exit(child.main(sys.argv[1:]))\n"
)


def test_a_long_texts_pdfs_are_typeset_in_parts_by_forked_processes_and_joined_as_typeset_here(monkeypatch, tmp_path):
    """The renderer's process, its part's size lowered so that 120 paragraphs are a long text: each part by a process
    forked for it, the PDF joined by one more, and the bytes they make are the bytes made here in one process."""
    from workspace.renderers import publication_pdf

    monkeypatch.setattr(publication_pdf, "PART_PARAGRAPHS", 120)  # the trilingual in 5 parts, each edition in 1
    model = model_of(long_blocks(120))
    wanted = [name for name, _ in makeable(model)]
    tasks, parts = child.tasks(model, wanted)
    trilingual = f"{S}.es-en-fr.pdf"
    assert list(parts) == [trilingual]
    assert [(t.rows.start, t.rows.stop) for t in tasks if t.part_of] == [(r.start, r.stop) for r in parts[trilingual]]
    assert [(r.start, r.stop) for r in parts[trilingual]] == [(0, 25), (25, 50), (50, 75), (75, 100), (100, 120)]
    done = subprocess.run(
        [sys.executable, "-c", SIZED, str(tmp_path), "2"],
        input=json.dumps(wanted).encode() + b"\n" + json.dumps(model_data(model)).encode(),
        capture_output=True,
        check=True,
        timeout=120,
    )
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(tasks) + 1  # and the joining
    assert [a["files"][0]["name"] for a in answers if "name" in a["files"][0]].count(trilingual) == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(wanted)  # the parts removed
    assert (tmp_path / trilingual).read_bytes() == publication_pdf.parallel_pdf(model)
    assert (tmp_path / f"{S}.fr.pdf").read_bytes() == publication_pdf.edition_pdf(model, "fr")


def test_a_renderer_killed_before_it_is_done_is_a_failure_said_as_such(monkeypatch):
    model = model_of(long_blocks(12))
    name = f"{S}.es.pdf"
    assert rendering.rendered_file(model, name).startswith(b"%PDF-")
    monkeypatch.setattr(rendering, "RENDER_SECONDS", 0.05)  # killed before it is done
    with pytest.raises(RenderFailed, match="stopped with -9"):
        rendering.rendered_file(model, name)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    with contextlib.suppress(OSError):
        stat = (Path("/proc") / str(pid) / "stat").read_text()
        return stat[stat.rindex(")") + 2] != "Z"
    return False


def test_a_renderer_killed_leaves_no_task_running(tmp_path):
    """Killed (for its time, or with its server), the renderer takes the processes it forked with it."""
    model = model_of(long_blocks(2000))  # long enough to be caught at work
    name = f"{S}.es-en-fr.pdf"
    renderer = subprocess.Popen(
        [sys.executable, "-m", "workspace.renderers.child", str(tmp_path), "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    renderer.stdin.write(json.dumps([name]).encode() + b"\n" + json.dumps(model_data(model)).encode())
    renderer.stdin.close()
    deadline = time.monotonic() + 30
    while not (working := _children(renderer.pid)) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert working, "no task was forked"
    renderer.kill()
    renderer.wait()
    deadline = time.monotonic() + 0.5  # a part of 1,000 rows takes over a second: killed, not ended
    while any(_alive(pid) for pid in working) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(_alive(pid) for pid in working)
    assert not (tmp_path / name).exists()


def test_a_renderer_that_cannot_start_is_a_failure_said_as_such(monkeypatch):
    monkeypatch.setattr(rendering.sys, "executable", "/bin/false")  # exits at once, reading nothing
    with pytest.raises(RenderFailed, match="stopped with 1"):
        rendering.rendered_file(model_of(long_blocks(400)), f"{S}.es.pdf")
