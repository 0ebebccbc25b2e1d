"""The renderer's own process: `python -m workspace.renderers.child FOLDER PROCESSES [--together]` reads
on stdin a line of JSON, the names of the files to make, then a publication's render model as JSON, and
writes those files into FOLDER (all by one process with `--together`: a short text's). It imports its
libraries before it reads: the server makes the names and the model meanwhile. As each task ends it
prints a line of JSON (the files made, the peak memory and the seconds of the process that made them),
and, if the text keeps a file from being made (a character no font shows), the reason, exiting with
REFUSED. Nothing else is written on stdout: the forked processes answer through pipes of their own.

Rendering a long declaration (Typst above all) takes hundreds of megabytes that Python's and Typst's
allocators keep once used, and Typst's memory adds up from one document to the next in a process. So
this process reads the model once, imports the renderers once, and forks a process for each task,
PROCESSES at once, each exiting after its task (its memory back to the system): each PDF (a long one
typeset in parts of at most PART_PARAGRAPHS paragraphs, then joined), the trilingual Word file, and the
other files in batches by kind; a long PDF's parts first and its joining as soon as they are made, then
the longest first, so that the last ones end together. What every task reads (each paragraph's runs)
and the renderers' libraries are made and imported here once, before the forks that use them.
Forked from this process, which runs no thread, never from the web server, whose threads could leave
a lock held in the copy; a fork costs milliseconds where an interpreter costs a quarter of a second
to start.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field
from importlib import import_module
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ..domain.errors import AccordError
from ..domain.publication.publication import PublicationModel, model_from_data
from .publication_files import FORMATS, pdf_parts, render, render_joined, render_part
from .publication_inline import text_blocks

NICENESS = 10
"""How much less of the processor the renderers get than the web server's threads, when both want it."""
REFUSED = 3  # the exit code of a file the text keeps from being made; the reason on stdout, as JSON
COST = {"pdf": 135, "pdf side by side": 160, "docx": 18, "html": 16, "xml": 15, "json": 3, "md": 1, "crosswalk": 1}
"""Hundredths of a second a file takes to render, per language, at 4,000 paragraphs (as measured, 2026-11-25: an
edition's PDF 1.35 s, the trilingual one 4.8 s, a Word file 0.15–0.22 s a language, an HTML page 0.16 s): the
longest start first."""
BATCHES = (("docx",), ("html",), ("xml", "json", "md", "crosswalk"))
"""The files other than PDFs rendered together, by kind (the trilingual Word file, longer than the three editions',
alone): each batch shorter than a PDF, so that the last two processes end together."""
RENDERERS = ("pdf_join", "publication_docx", "publication_html", "akoma_ntoso", "publication_json")
"""The renderers' modules, imported once, before the model is read (pikepdf alone costs a process a tenth of a
second)."""


@dataclass(frozen=True)
class Task:
    """What one forked process does: the files `names`, or the part `rows` of the PDF `part_of`, or the joining
    of its parts (`join`: their first rows)."""

    names: tuple[str, ...] = ()
    weight: int = 0
    part_of: str | None = None
    rows: range = range(0)
    join: tuple[int, ...] = ()
    pages: int = 0


def _language_count(model: PublicationModel, name: str) -> int:
    return name[len(model.slug) + 1 :].split(".", 1)[0].count("-") + 1  # a slug has no dot


def tasks(
    model: PublicationModel, wanted: list[str], together: bool = False
) -> tuple[list[Task], dict[str, list[range]]]:
    """The tasks that render the files `wanted` of `model` (all in one, `together`), the longest first, and the rows
    of the parts of each PDF typeset in parts."""
    if together:
        return [Task(tuple(wanted), 1)], {}
    kinds = {name: next(key for key, fmt in FORMATS.items() if name.endswith("." + fmt.extension)) for name in wanted}

    def weight(name: str) -> int:
        languages = _language_count(model, name)
        return languages * COST["pdf side by side" if kinds[name] == "pdf" and languages > 1 else kinds[name]]

    first: list[Task] = []  # the parts of long PDFs: their joining waits for all of them
    found: list[Task] = []
    parts: dict[str, list[range]] = {}
    batches: dict[tuple[str, ...], list[str]] = {}
    for name in wanted:
        cut = pdf_parts(model, name)
        if len(cut) > 1:
            parts[name] = cut
            first += [Task(weight=weight(name) // len(cut) + 1, part_of=name, rows=rows) for rows in cut]
        elif kinds[name] == "pdf" or (kinds[name] == "docx" and _language_count(model, name) > 1):
            found.append(Task((name,), weight(name)))
        else:
            batches.setdefault(next(batch for batch in BATCHES if kinds[name] in batch), []).append(name)
    found += [Task(tuple(batch), sum(map(weight, batch))) for batch in batches.values()]
    return sorted(first, key=lambda task: -task.weight) + sorted(found, key=lambda task: -task.weight), parts


def prepare(model: PublicationModel) -> None:
    """What every task reads, made once in this process before it forks them: each paragraph's runs."""
    for edition in model.editions:
        for paragraph in edition.paragraphs:
            text_blocks(paragraph.text)


def part_path(folder: Path, name: str, start: int) -> Path:
    return folder / f"{name}.{start}.part"


def _do(model: PublicationModel, folder: Path, task: Task) -> list[dict[str, Any]]:
    """The task, in the forked process: what it made."""
    if task.part_of is not None and task.join:
        paths = [part_path(folder, task.part_of, start) for start in task.join]
        body, media_type = render_joined(model, task.part_of, [path.read_bytes() for path in paths], task.pages)
        (folder / task.part_of).write_bytes(body)
        for path in paths:
            path.unlink()
        return [{"name": task.part_of, "media_type": media_type}]
    if task.part_of is not None:
        body, pages = render_part(model, task.part_of, task.rows)
        part_path(folder, task.part_of, task.rows.start).write_bytes(body)
        return [{"part": task.part_of, "pages": pages}]
    made = []
    for name in task.names:
        body, media_type = render(model, name)
        (folder / name).write_bytes(body)
        made.append({"name": name, "media_type": media_type})
    return made


def _dies_with(parent: int) -> None:
    """This process killed with the renderer that forked it: a renderer killed (for its time, or with its server)
    leaves no task running. Linux's parent-death signal; the parent checked after, in case it died before."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _serve(answer: Connection, model: PublicationModel, folder: Path, task: Task, parent: int) -> None:
    """A forked process's whole life: the task done, its answer sent."""
    _dies_with(parent)
    began = time.perf_counter()
    try:
        said: dict[str, Any] = {"files": _do(model, folder, task)}
    except AccordError as refused:  # the text's fault: said, not crashed on
        said = {"refused": refused.message, "params": refused.params, "detail": refused.detail}
    except Exception:  # noqa: BLE001 — sent, with its traceback, to the process that waits for it
        said = {"failed": traceback.format_exc()}
    said["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    said["seconds"] = round(time.perf_counter() - began, 3)
    answer.send(said)
    answer.close()


def run(model: PublicationModel, folder: Path, wanted: list[str], processes: int, together: bool = False) -> int:
    """Render `wanted`, PROCESSES forked processes at once, printing each one's answer: the exit code."""
    ready, parts = tasks(model, wanted, together)
    scheduler = _Scheduler(model, folder, processes, ready, parts)
    prepared = together
    while scheduler.busy():
        scheduler.start()
        if not prepared:  # while the first tasks run: those forked next find it made
            prepare(model)
            prepared = True
        scheduler.collect()
    return scheduler.code


@dataclass
class _Scheduler:
    """The tasks of one run: those `ready` (the next first), those `running` (by the end of the pipe each answers
    on), the pages made and the parts left of each PDF typeset in `parts`, and the exit code so far."""

    model: PublicationModel
    folder: Path
    processes: int
    ready: list[Task]
    parts: dict[str, list[range]]
    running: dict[Connection, tuple[Any, Task]] = field(default_factory=dict)
    code: int = 0
    pages: dict[str, int] = field(init=False)
    left: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.pages = dict.fromkeys(self.parts, 0)
        self.left = {name: len(cut) for name, cut in self.parts.items()}

    def busy(self) -> bool:
        """Whether a task is left to start (none after a refusal or a failure) or still running."""
        return bool(self.ready and not self.code) or bool(self.running)

    def start(self) -> None:
        """Forks the tasks ready, the next first, as many as may run at once."""
        forking = get_context("fork")
        while self.ready and not self.code and len(self.running) < self.processes:
            task = self.ready.pop(0)
            receiving, sending = forking.Pipe(duplex=False)
            process = forking.Process(
                target=_serve, args=(sending, self.model, self.folder, task, os.getpid()), daemon=True
            )
            process.start()
            sending.close()  # the forked process's end: once it exits, a read ends
            self.running[receiving] = (process, task)

    def collect(self) -> None:
        """Waits for a task or more to end, and takes their answers."""
        for ended in wait(list(self.running)):
            self._ended(next(connection for connection in self.running if connection is ended))

    def _ended(self, answer: Connection) -> None:
        """A task's answer, printed: a refusal or a failure sets the exit code; a PDF's part counted."""
        process, task = self.running.pop(answer)
        said = _received(answer)
        process.join()
        if "refused" in said or "failed" in said:
            said["exit"] = process.exitcode
            print(json.dumps(said), flush=True)
            self.code = self.code or (REFUSED if "refused" in said else 1)
            return
        print(json.dumps(said), flush=True)
        if task.part_of is not None and not task.join:
            self._part_made(task.part_of, said["files"][0]["pages"])

    def _part_made(self, name: str, pages: int) -> None:
        """One more part of the PDF `name` made, of `pages` pages: once they all are, their joining is next."""
        self.pages[name] += pages
        self.left[name] -= 1
        if not self.left[name]:  # its parts are made: joined before anything else starts
            starts = tuple(rows.start for rows in self.parts[name])
            self.ready.insert(0, Task(part_of=name, join=starts, pages=self.pages[name]))


def _received(answer: Connection) -> dict[str, Any]:
    """What a forked process answered on its pipe (closed then), or a failure if it died before answering."""
    try:
        said: dict[str, Any] = answer.recv()
    except EOFError:  # it died before answering (killed for its memory …)
        said = {"failed": "no answer"}
    answer.close()
    return said


def main(argv: list[str]) -> int:
    folder, processes, together = Path(argv[0]), int(argv[1]), argv[2:3] == ["--together"]
    os.nice(NICENESS)
    for module in RENDERERS:
        import_module(f"{__package__}.{module}")
    wanted = json.loads(sys.stdin.buffer.readline())
    model = model_from_data(json.loads(sys.stdin.buffer.read()))
    return run(model, folder, wanted, processes, together)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
