"""Rendering a publication's files, in processes of their own (workspace/renderers/child.py).

The web server's memory must not grow with publishing: Typst takes over a gigabyte for a long
trilingual PDF (1.4 GB for 4,000 paragraphs in one piece), which an allocator keeps once used. A
fresh interpreter reads the render model and forks a process for each part of the work, PROCESSES at
once, each exiting once it is done; the files are handed back in a temporary folder. `rendered` is the
whole seam: a job queue calls it as it is, and follows the files made with `progress`.
"""

from __future__ import annotations

import contextlib
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
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ... import metrics
from ...domain.errors import Conflict
from ...domain.publication.publication import PublicationModel, model_data
from ...renderers.publication_files import makeable
from ...settings import ROOT
from ...store.state import PdfSealer

RENDER_SECONDS = 900
"""The longest a rendering may take (a 4,000-paragraph trilingual declaration takes about ten seconds)."""
LONG = 1500
"""Paragraphs (all editions together) above which the files are rendered by several processes: below, one does
them all (even a fork costs more than a short text's file)."""
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


def _render(
    model: PublicationModel,
    folder: str,
    wanted: Callable[[], list[str]],
    processes: int,
    made: Callable[[dict[str, Any]], None],
) -> None:
    """Render the files `wanted()` names into `folder` by `processes` forked renderers at once; `made` is told of
    each one's answer as it comes (from this thread). The renderer starts first, importing its libraries while
    the names and the model are made here. A text's refusal (a character no font shows …) is the 409 it is; any
    other failure, or a rendering longer than RENDER_SECONDS, is RenderFailed."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    together = ["--together"] if sum(len(e.paragraphs) for e in model.editions) <= LONG else []
    with (
        tempfile.TemporaryFile() as errors,  # never a pipe: a renderer that writes much there never blocks on it
        subprocess.Popen(
            [sys.executable, "-m", "workspace.renderers.child", folder, str(processes), *together],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
            cwd=ROOT,
        ) as renderer,
    ):
        answers = _exchange(renderer, model, wanted, made)
        errors.seek(0)
        said = errors.read()[-2000:].decode(errors="replace")
    _judge(model, answers, renderer.returncode, said)


def _exchange(
    renderer: subprocess.Popen[bytes],
    model: PublicationModel,
    wanted: Callable[[], list[str]],
    made: Callable[[dict[str, Any]], None],
) -> list[dict[str, Any]]:
    """Hand the renderer the names and the model, and read its answers until it is done (killed past
    RENDER_SECONDS, or if anything fails here); return them all."""
    assert renderer.stdin is not None and renderer.stdout is not None
    late = threading.Timer(RENDER_SECONDS, renderer.kill)
    late.start()
    try:
        with contextlib.suppress(BrokenPipeError):  # it stopped before reading: said by its exit below
            renderer.stdin.write(json.dumps(wanted()).encode() + b"\n")
            renderer.stdin.write(json.dumps(model_data(model)).encode())
        with contextlib.suppress(BrokenPipeError):
            renderer.stdin.close()
        answers: list[dict[str, Any]] = []
        for line in renderer.stdout:
            answers.append(json.loads(line))
            if "files" in answers[-1]:
                made(answers[-1])
        return answers
    except BaseException:
        renderer.kill()  # and the processes it forked with it (renderers/child.py)
        raise
    finally:
        renderer.wait()
        late.cancel()


def _judge(model: PublicationModel, answers: list[dict[str, Any]], returncode: int, said: str) -> None:
    """The rendering's outcome from its answers and its exit: the 409 of a refused text, RenderFailed for a
    renderer that failed or stopped with an error (`said`: the end of what it wrote on its error stream)."""
    for answer in answers:
        if "refused" in answer:
            metrics.render_ended("refused")
            raise Conflict(answer["refused"], detail=answer["detail"], **answer["params"])
    failed = next((answer["failed"] for answer in answers if "failed" in answer), None)
    metrics.render_ended("failed" if returncode != 0 or failed is not None else "made")
    if returncode != 0 or failed is not None:
        raise RenderFailed(
            f"the renderer of {model.slug} ({model.symbol}) stopped with {returncode}: {(failed or said)[-2000:]}"
        )


def rendered_file(model: PublicationModel, name: str) -> bytes:
    """One file of `model` (as `names` calls it), made by renderer processes of its own, one at a time (a long
    PDF's parts one after another): a PDF asked for on a page (a version's download) costs the web server no
    memory, however long the text, and the machine one renderer at a time."""
    with tempfile.TemporaryDirectory(prefix="accord-render-") as folder:
        log.info("a renderer started for %s (%s)", name, model.version_label)
        _render(model, folder, lambda: [name], 1, lambda answer: None)
        if not (Path(folder) / name).is_file():
            raise RenderFailed(f"the renderer of {model.slug} ({name}) made no file")
        return (Path(folder) / name).read_bytes()


@contextmanager
def rendered(
    model: PublicationModel, progress: Callable[[int], None] | None = None, seal: PdfSealer | None = None
) -> Iterator[list[RenderedFile]]:
    """Every file of `model` (but those a text keeps from being made: `makeable`), rendered by child
    processes into a temporary folder that is removed on the way out; in the order `names` lists them.
    `progress` is told how many files are made, after each process (from the calling thread). With `seal`, each
    PDF is sealed with the organisation's certificate (its size and checksum those of the sealed file)."""
    with typeset(model, progress) as files:
        yield files if seal is None else [_sealed(file, model.slug, seal) for file in files]


def _sealed(file: RenderedFile, slug: str, seal: PdfSealer) -> RenderedFile:
    """`file` sealed in place if it is a PDF, named in the language its catalog declares (its first)."""
    if not file.name.endswith(".pdf"):
        return file
    body = seal(file.path.read_bytes(), file.name.removeprefix(slug + ".").split("-")[0][:2])
    file.path.write_bytes(body)
    return replace(file, size=len(body), sha256=hashlib.sha256(body).hexdigest())


@contextmanager
def typeset(model: PublicationModel, progress: Callable[[int], None] | None = None) -> Iterator[list[RenderedFile]]:
    """The files of `model` as the renderers make them (`rendered`, without the seal)."""
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

        wanted: list[tuple[str, str]] = []

        def names() -> list[str]:  # while the renderer starts
            wanted.extend(makeable(model))
            return [name for name, _ in wanted]

        _render(model, folder, names, PROCESSES, made)
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
