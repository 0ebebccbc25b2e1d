"""Rendering a publication's files, in a process of its own (workspace/renderers/child.py).

The web server's memory must not grow with publishing: Typst alone takes hundreds of megabytes
for a long trilingual PDF, which an allocator keeps once used. A fresh interpreter renders each
publication and exits, handing back files in a temporary folder. `rendered` is the whole seam: a
job queue can call it as it is.
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
from ...settings import ROOT

RENDER_SECONDS = 900
"""The longest a rendering may take (a 4,000-paragraph trilingual declaration takes well under a minute)."""

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


@contextmanager
def rendered(model: PublicationModel) -> Iterator[list[RenderedFile]]:
    """Every file of `model`, rendered by a child process into a temporary folder that is removed
    on the way out; in the order they are listed."""
    with tempfile.TemporaryDirectory(prefix="accord-render-") as folder:
        started = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        done = subprocess.run([sys.executable, "-m", "workspace.renderers.child", folder], input=json.dumps(model_data(model)).encode(),
                              capture_output=True, timeout=RENDER_SECONDS, env=env, cwd=ROOT, check=False)
        if done.returncode != 0:
            raise RenderFailed(f"the renderer of {model.slug} ({model.symbol}) stopped with {done.returncode}: "
                               f"{done.stderr.decode(errors='replace')[-2000:]}")
        manifest = json.loads(done.stdout)
        files = []
        for entry in manifest["files"]:
            path = Path(folder) / entry["name"]
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            files.append(RenderedFile(entry["name"], entry["media_type"], path, path.stat().st_size, digest))
        log.info("rendered %d files of %s (%s) in %.1f s, the renderer peaking at %d MiB", len(files), model.slug, model.symbol,
                 time.perf_counter() - started, manifest["peak_kib"] // 1024)
        yield files
