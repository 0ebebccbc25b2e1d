"""Rendering a publication's files, in processes of their own (workspace/renderers/child.py).

The web server's memory must not grow with publishing: Typst takes gigabytes for a long
trilingual PDF (2.3 GB for 4,000 paragraphs), which an allocator keeps once used. Fresh
interpreters render the files and exit, handing them back in a temporary folder. For a long
declaration, one for each PDF, since Typst's memory adds up from one document to the next, and one
for all the other files, one after the other, so that the machine's peak is that of the largest
PDF; a short one is rendered by one process (each costs a third of a second to start). `rendered`
is the whole seam: a job queue can call it as it is.
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ...domain.publication import PublicationModel, model_data
from ...renderers.publication_files import makeable
from ...settings import ROOT

RENDER_SECONDS = 900
"""The longest a rendering may take (a 4,000-paragraph trilingual declaration takes about a minute)."""
LONG = 1500
"""Paragraphs (all editions together) above which each PDF gets a process of its own."""

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
    found = makeable(model)
    if sum(len(e.paragraphs) for e in model.editions) <= LONG:
        return [[name for name, _ in found]]
    return [[name] for name, kind in found if kind == "pdf"] + [[name for name, kind in found if kind != "pdf"]]


@contextmanager
def rendered(model: PublicationModel) -> Iterator[list[RenderedFile]]:
    """Every file of `model` (but those a text keeps from being made: `makeable`), rendered by child
    processes into a temporary folder that is removed on the way out; in the order `names` lists them."""
    data = json.dumps(model_data(model)).encode()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryDirectory(prefix="accord-render-") as folder:
        started, peak = time.perf_counter(), 0
        media_types: dict[str, str] = {}
        for batch in _batches(model):
            done = subprocess.run([sys.executable, "-m", "workspace.renderers.child", folder, *batch], input=data,
                                  capture_output=True, timeout=RENDER_SECONDS, env=env, cwd=ROOT, check=False)
            if done.returncode != 0:
                raise RenderFailed(f"the renderer of {model.slug} ({model.symbol}) stopped with {done.returncode}: "
                                   f"{done.stderr.decode(errors='replace')[-2000:]}")
            manifest = json.loads(done.stdout)
            media_types |= {entry["name"]: entry["media_type"] for entry in manifest["files"]}
            peak = max(peak, manifest["peak_kib"])
        files = []
        for name, _kind in makeable(model):
            path = Path(folder) / name
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            files.append(RenderedFile(name, media_types[name], path, path.stat().st_size, digest))
        log.info("rendered %d files of %s (%s) in %.1f s, the renderer peaking at %d MiB", len(files), model.slug, model.symbol,
                 time.perf_counter() - started, peak // 1024)
        yield files
