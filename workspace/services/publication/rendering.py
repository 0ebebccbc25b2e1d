"""Rendering a publication's files, in processes of their own (workspace/renderers/child.py).

The web server's memory must not grow with publishing: Typst takes over a gigabyte for a long
trilingual PDF (1.4 GB for 4,000 paragraphs), which an allocator keeps once used. Fresh
interpreters render the files and exit, handing them back in a temporary folder. For a long
declaration, one for each PDF, since Typst's memory adds up from one document to the next, one for
the trilingual Word file and one for the other files, PROCESSES of them at once (the longest first,
so that they end together): the machine's peak is then that of the PROCESSES largest. A short one
is rendered by one process (each costs a third of a second to start). `rendered` is the whole seam:
a job queue calls it as it is, and follows the files made with `progress`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ...domain.errors import Conflict
from ...domain.publication.publication import PublicationModel, model_data
from ...renderers.child import REFUSED
from ...renderers.publication_files import makeable
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


def _batches(model: PublicationModel) -> list[list[str]]:
    """The files of `model` in the groups a process each renders, the longest to render first."""
    found = makeable(model)
    if sum(len(e.paragraphs) for e in model.editions) <= LONG:
        return [[name for name, _ in found]]

    def weight(
        name: str, kind: str
    ) -> int:  # at 4,000 paragraphs: an edition's PDF 2 s, the trilingual 8 s; Word 1 s, 3 s
        languages = name[len(model.slug) + 1 :].rsplit(".", 1)[0].count("-") + 1
        return languages * (4 if kind == "pdf" else 1)

    alone = sorted(
        ((name, kind) for name, kind in found if kind == "pdf" or (kind == "docx" and weight(name, kind) > 1)),
        key=lambda item: -weight(*item),
    )
    word = [name for name, kind in found if kind == "docx" and (name, kind) not in alone]
    rest = [name for name, kind in found if kind != "docx" and (name, kind) not in alone]
    return [[name] for name, _ in alone] + [batch for batch in (rest, word) if batch]


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


def rendered_file(model: PublicationModel, name: str) -> bytes:
    """One file of `model` (as `names` calls it), made by a renderer's process of its own: a PDF asked for
    on a page (a version's download) costs the web server no memory, however long the text."""
    with tempfile.TemporaryDirectory(prefix="accord-render-") as folder:
        log.info("a renderer started for %s (%s)", name, model.version_label)
        done = _child(json.dumps(model_data(model)), folder, [name])
        _refused(done)
        if done.returncode != 0 or not (Path(folder) / name).is_file():
            raise RenderFailed(
                f"the renderer of {model.slug} ({name}) stopped with {done.returncode}: "
                f"{done.stderr.decode(errors='replace')[-2000:]}"
            )
        return (Path(folder) / name).read_bytes()


@contextmanager
def rendered(model: PublicationModel, progress: Callable[[int], None] | None = None) -> Iterator[list[RenderedFile]]:
    """Every file of `model` (but those a text keeps from being made: `makeable`), rendered by child
    processes into a temporary folder that is removed on the way out; in the order `names` lists them.
    `progress` is told how many files are made, after each process (from one thread at a time)."""
    data = json.dumps(model_data(model)).encode()
    with tempfile.TemporaryDirectory(prefix="accord-render-") as folder:
        started, peaks, lock = time.perf_counter(), [0], threading.Lock()
        media_types: dict[str, str] = {}

        def render(batch: list[str]) -> None:
            done = _child(data, folder, batch)
            _refused(done)
            if done.returncode != 0:
                raise RenderFailed(
                    f"the renderer of {model.slug} ({model.symbol}) stopped with {done.returncode}: "
                    f"{done.stderr.decode(errors='replace')[-2000:]}"
                )
            manifest = json.loads(done.stdout)
            with lock:
                media_types.update({entry["name"]: entry["media_type"] for entry in manifest["files"]})
                peaks.append(manifest["peak_kib"])
                if progress is not None:
                    progress(len(media_types))

        batches = _batches(model)
        with ThreadPoolExecutor(max_workers=min(PROCESSES, len(batches)), thread_name_prefix="accord-render") as pool:
            for future in [pool.submit(render, batch) for batch in batches]:
                future.result()  # the first failure is raised, once the others ended
        files = []
        for name, _kind in makeable(model):
            path = Path(folder) / name
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            files.append(RenderedFile(name, media_types[name], path, path.stat().st_size, digest))
        log.info(
            "rendered %d files of %s (%s) in %.1f s by %d processes at once, the largest peaking at %d MiB",
            len(files),
            model.slug,
            model.symbol,
            time.perf_counter() - started,
            min(PROCESSES, len(batches)),
            max(peaks) // 1024,
        )
        yield files
