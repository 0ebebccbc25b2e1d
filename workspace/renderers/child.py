"""The renderer's own process: `python -m workspace.renderers.child FOLDER [NAME …]` reads a
publication's render model as JSON on stdin, writes each of its files (or those named) into
FOLDER, and prints a JSON manifest (each file's name and media type, in order, and the process's
peak memory).

Rendering a long declaration (Typst above all) takes hundreds of megabytes that Python's and
Typst's allocators keep once used: in a process of its own, that memory goes back to the system
when it exits, and the web server's stays what it was.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

from ..domain.errors import AccordError
from ..domain.publication.publication import model_from_data
from .publication_files import names, render

REFUSED = 3  # the exit code of a file the text keeps from being made; the reason on stdout, as JSON


def main(argv: list[str]) -> int:
    folder, only = Path(argv[0]), set(argv[1:])
    model = model_from_data(json.loads(sys.stdin.buffer.read()))
    made = []
    for name, _kind in names(model):
        if only and name not in only:
            continue
        try:
            body, media_type = render(model, name)
        except AccordError as refused:  # the text's fault (a character no font shows): said, not crashed on
            json.dump({"refused": refused.message, "params": refused.params, "detail": refused.detail}, sys.stdout)
            return REFUSED
        (folder / name).write_bytes(body)
        made.append({"name": name, "media_type": media_type})
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    json.dump({"files": made, "peak_kib": peak_kib}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
