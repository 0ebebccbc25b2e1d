"""Rendering a publication's files, in processes of their own (workspace/renderers/child.py).

The web server's memory must not grow with publishing: Typst takes over a gigabyte for a long
trilingual PDF (1.4 GB for 4,000 paragraphs in one piece), which an allocator keeps once used.
Fresh interpreters render the files and exit, handing them back in a temporary folder. For a long
declaration, each PDF is typeset by a process of its own (Typst's memory adds up from one document to
the next in a process), a long one in parts of at most PART_PARAGRAPHS paragraphs, each part by a
process, then joined by one more; the Word files share one (they parse the same paragraphs), the other
files one; PROCESSES of them run at once, the longest first and a PDF's joining as soon as its parts
are made, so that they end together and no process grows past a part. A short declaration is
rendered by one process (each costs a fifth of a second to start). `rendered` is the whole seam: a
job queue calls it as it is, and follows the files made with `progress`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...domain.errors import Conflict
from ...domain.publication.publication import PublicationModel, model_data
from ...renderers.child import REFUSED
from ...renderers.publication_files import makeable, pdf_parts
from ...settings import ROOT

RENDER_SECONDS = 900
"""The longest a rendering may take (a 4,000-paragraph trilingual declaration takes about a minute)."""
LONG = 1500
"""Paragraphs (all editions together) above which each PDF gets a process of its own."""
PROCESSES = max(1, min(4, len(os.sched_getaffinity(0))))
"""Renderer processes at once: one per core, at most four (each PDF of a long text takes hundreds of MB)."""

log = logging.getLogger("accord.publication")


class RenderFailed(RuntimeError):
    """The renderer's process failed: a bug or a broken installation, never the person's input."""


@dataclass(frozen=True)
class RenderedFile:
    name: str
    media_type: str
    path: Path
    size: int
    sha256: str
    object_key: str | None = None  # once uploaded to the object store


COST = {"pdf": 110, "pdf side by side": 195, "docx": 35, "html": 17, "xml": 7, "json": 4, "md": 1}
"""Hundredths of a second a file takes to render, per language, at 4,000 paragraphs (as measured: an edition's PDF
1.1 s, the trilingual one 5.9 s, a Word file 0.35 s, an HTML page 0.17 s): the longest start first."""


@dataclass(frozen=True)
class _Task:
    """What one renderer's process does: the child's arguments after its folder."""

    args: tuple[str, ...]
    weight: int  # how long it takes, roughly: the longest start first
    part_of: str | None = None  # the PDF whose part it is


def _tasks(model: PublicationModel, wanted: list[tuple[str, str]]) -> tuple[list[_Task], dict[str, list[range]]]:
    """The processes that render the files `wanted` of `model` (name, format), and the rows of the parts of each
    PDF typeset in parts."""
    kinds = dict(wanted)
    if sum(len(e.paragraphs) for e in model.editions) <= LONG:
        return [_Task(tuple(name for name, _ in wanted), 1)], {}

    def weight(name: str) -> int:
        languages = name[len(model.slug) + 1 :].rsplit(".", 1)[0].count("-") + 1
        return languages * COST["pdf side by side" if kinds[name] == "pdf" and languages > 1 else kinds[name]]

    tasks: list[_Task] = []
    parts: dict[str, list[range]] = {}
    rest: list[str] = []
    word: list[str] = []
    for name, _kind in wanted:
        cut = pdf_parts(model, name)
        if len(cut) > 1:
            parts[name] = cut
            tasks += [
                _Task(("--part", name, str(rows.start), str(rows.stop)), weight(name) // len(cut) + 1, name)
                for rows in cut
            ]
        elif kinds[name] == "pdf":
            tasks.append(_Task((name,), weight(name)))
        else:
            (word if kinds[name] == "docx" else rest).append(name)
    tasks += [_Task(tuple(batch), sum(map(weight, batch))) for batch in (rest, word) if batch]
    return sorted(tasks, key=lambda task: -task.weight), parts


def _batches(model: PublicationModel) -> list[list[str]]:
    """The child's arguments of each process that renders `model`'s files, in the order they start."""
    return [list(task.args) for task in _tasks(model, makeable(model))[0]]


def _child(model: str | bytes, folder: str, names: list[str]) -> subprocess.CompletedProcess[bytes]:
    """The renderer's process on the model's JSON, writing the files `names` into `folder`."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    data = model if isinstance(model, bytes) else model.encode()
    return subprocess.run(
        [sys.executable, "-m", "workspace.renderers.child", folder, *names],
        input=data,
        capture_output=True,
        timeout=RENDER_SECONDS,
        env=env,
        cwd=ROOT,
        check=False,
    )


def _refused(done: subprocess.CompletedProcess[bytes]) -> None:
    """The renderer's refusal of a text (a character no font shows …) as the 409 it is, not a crash."""
    if done.returncode == REFUSED:
        said = json.loads(done.stdout)
        raise Conflict(said["refused"], detail=said["detail"], **said["params"])


def _run(
    model: PublicationModel,
    folder: str,
    wanted: list[tuple[str, str]],
    processes: int,
    made: Callable[[dict[str, Any]], None],
) -> None:
    """Render the files `wanted` into `folder` by `processes` renderers at once; `made` is told of each process's
    manifest (from this thread). The first failure is raised once the processes running have ended."""
    data = json.dumps(model_data(model)).encode()
    ready, parts = _tasks(model, wanted)
    pages, left = dict.fromkeys(parts, 0), {name: len(cut) for name, cut in parts.items()}

    def render(task: _Task) -> dict[str, Any]:
        done = _child(data, folder, list(task.args))
        _refused(done)
        if done.returncode != 0:
            raise RenderFailed(
                f"the renderer of {model.slug} ({model.symbol}: {' '.join(task.args)}) stopped with "
                f"{done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}"
            )
        manifest: dict[str, Any] = json.loads(done.stdout)
        return manifest

    # Tasks are started here alone, so a PDF's joining is queued once, when its last part is made.
    with ThreadPoolExecutor(max_workers=processes, thread_name_prefix="accord-render") as pool:
        running: dict[Future[dict[str, Any]], _Task] = {}
        while ready or running:
            while ready and len(running) < processes:
                task = ready.pop(0)
                running[pool.submit(render, task)] = task
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                task = running.pop(future)
                manifest = future.result()  # the first failure, raised once the processes running ended
                made(manifest)
                if task.part_of is not None:
                    pages[task.part_of] += manifest["files"][0]["pages"]
                    left[task.part_of] -= 1
                    if not left[task.part_of]:  # its parts are made: joined before anything else starts
                        starts = [str(rows.start) for rows in parts[task.part_of]]
                        join = ("--join", task.part_of, str(pages[task.part_of]), *starts)
                        ready.insert(0, _Task(join, 1))


def rendered_file(model: PublicationModel, name: str) -> bytes:
    """One file of `model` (as `names` calls it), made by renderer processes of its own, one at a time (a long
    PDF's parts one after another): a PDF asked for on a page (a version's download) costs the web server no
    memory, however long the text, and the machine one renderer at a time."""
    with tempfile.TemporaryDirectory(prefix="accord-render-") as folder:
        log.info("a renderer started for %s (%s)", name, model.version_label)
        _run(model, folder, [(name, name.rsplit(".", 1)[-1])], 1, lambda manifest: None)
        if not (Path(folder) / name).is_file():
            raise RenderFailed(f"the renderer of {model.slug} ({name}) made no file")
        return (Path(folder) / name).read_bytes()


@contextmanager
def rendered(model: PublicationModel, progress: Callable[[int], None] | None = None) -> Iterator[list[RenderedFile]]:
    """Every file of `model` (but those a text keeps from being made: `makeable`), rendered by child
    processes into a temporary folder that is removed on the way out; in the order `names` lists them.
    `progress` is told how many files are made, after each process (from the calling thread)."""
    with tempfile.TemporaryDirectory(prefix="accord-render-") as folder:
        started, peaks, processes = time.perf_counter(), [0], [0]
        media_types: dict[str, str] = {}

        def made(manifest: dict[str, Any]) -> None:
            files = [entry for entry in manifest["files"] if "name" in entry]
            media_types.update({entry["name"]: entry["media_type"] for entry in files})
            peaks.append(manifest["peak_kib"])
            processes[0] += 1
            if progress is not None and files:
                progress(len(media_types))

        wanted = makeable(model)
        _run(model, folder, wanted, PROCESSES, made)
        files = []
        for name, _kind in wanted:
            path = Path(folder) / name
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            files.append(RenderedFile(name, media_types[name], path, path.stat().st_size, digest))
        log.info(
            "rendered %d files of %s (%s) in %.1f s by %d processes, %d at once, the largest peaking at %d MiB",
            len(files),
            model.slug,
            model.symbol,
            time.perf_counter() - started,
            processes[0],
            PROCESSES,
            max(peaks) // 1024,
        )
        yield files
