"""The renderer's own process: `python -m workspace.renderers.child FOLDER TASK` reads a publication's
render model as JSON on stdin, does one task in FOLDER, and prints a JSON manifest of what it made
(each file's name and media type, in order, and the process's peak memory). A task is

- `NAME …`: the files named (every file when none is), each written as FOLDER/NAME;
- `--part NAME START STOP`: the part of rows START to STOP of a long text's PDF, written as
  FOLDER/NAME.START.part, with its pages;
- `--join NAME PAGES START …`: the PDF of the parts that begin at those rows (PAGES in all), the parts
  removed.

Rendering a long declaration (Typst above all) takes hundreds of megabytes that Python's and
Typst's allocators keep once used: in a process of its own, that memory goes back to the system
when it exits, and the web server's stays what it was.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path
from typing import Any

from ..domain.errors import AccordError
from ..domain.publication.publication import PublicationModel, model_from_data
from .publication_files import names, render, render_joined, render_part

REFUSED = 3  # the exit code of a file the text keeps from being made; the reason on stdout, as JSON


def part_path(folder: Path, name: str, start: int) -> Path:
    return folder / f"{name}.{start}.part"


def _files(model: PublicationModel, folder: Path, only: set[str]) -> list[dict[str, Any]]:
    made = []
    for name, _kind in names(model):
        if only and name not in only:
            continue
        body, media_type = render(model, name)
        (folder / name).write_bytes(body)
        made.append({"name": name, "media_type": media_type})
    return made


def _part(model: PublicationModel, folder: Path, name: str, rows: range) -> list[dict[str, Any]]:
    body, pages = render_part(model, name, rows)
    part_path(folder, name, rows.start).write_bytes(body)
    return [{"part": name, "start": rows.start, "pages": pages}]


def _join(model: PublicationModel, folder: Path, name: str, pages: int, starts: list[int]) -> list[dict[str, Any]]:
    paths = [part_path(folder, name, start) for start in starts]
    body, media_type = render_joined(model, name, [path.read_bytes() for path in paths], pages)
    (folder / name).write_bytes(body)
    for path in paths:
        path.unlink()
    return [{"name": name, "media_type": media_type}]


def main(argv: list[str]) -> int:
    folder, task = Path(argv[0]), argv[1:]
    model = model_from_data(json.loads(sys.stdin.buffer.read()))
    try:
        if task[:1] == ["--part"]:
            made = _part(model, folder, task[1], range(int(task[2]), int(task[3])))
        elif task[:1] == ["--join"]:
            made = _join(model, folder, task[1], int(task[2]), [int(start) for start in task[3:]])
        else:
            made = _files(model, folder, set(task))
    except AccordError as refused:  # the text's fault (a character no font shows): said, not crashed on
        json.dump({"refused": refused.message, "params": refused.params, "detail": refused.detail}, sys.stdout)
        return REFUSED
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    json.dump({"files": made, "peak_kib": peak_kib}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
