"""The files an action's input passes through, from the request to the store: issue 62's walks, measured by running
them, not by reading.

While a request is served, every call into a module of workspace/ is looked at: the module is on the walk when the
call is handed the input in one of its shapes: the request's body or form as decoded (an API `Body`, a `PageForm`),
the command the use case takes (a `Command`, or a class of `also`: a command of another kind, a record the use case
made of it that the walk follows on, as a proposal becomes an amendment in the compilation), or one of its texts as it
was given (the revision a write is made on, the words of a paragraph: followed by identity, eight characters or
more). A module that only serves every request (the session, the locale, the store's connection) is not on it, nor
one that only serves every write (the search index, which reads each text a transaction writes before it commits).
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from workspace.domain.inputs import Command
from workspace.web.api.schemas import Body
from workspace.web.pages.forms import PageForm

ROOT = Path(__file__).resolve().parent.parent
CODE = str(ROOT / "workspace") + "/"


def _texts(value: Any) -> Iterator[str]:
    """The texts an input holds that no other value is (a revision, a paragraph's words), followed by identity."""
    fields = getattr(value, "__struct_fields__", None) or getattr(value, "__dataclass_fields__", None) or ()
    for name in fields:
        field = getattr(value, name, None)
        if isinstance(field, str) and len(field) >= 8:
            yield field


def reader(path: str) -> bool:
    """A pure domain module that reads an input's words and hands nothing on (a parser, a diff): it declares no
    command, nor the rules commands are checked by (inputs, values, errors)."""
    if not path.startswith("workspace/domain/") or path.endswith(RULES):
        return False
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    return not any(
        isinstance(value, type) and issubclass(value, Command) and value.__module__ == module.__name__
        for value in vars(module).values()
    )


RULES = ("/inputs.py", "/values.py", "/errors.py")
EVERY_WRITE = ("workspace/store/search_index.py",)  # handed every text a transaction writes, whatever the action


@contextmanager
def walked(*also: type) -> Iterator[list[str]]:
    """The modules of workspace/ (paths from the checkout's root, in the order first met) handed the input of the
    requests made inside the block. Serve them with a client made inside it: its threads are the ones traced."""
    kinds: tuple[type, ...] = (Command, Body, PageForm, *also)
    met: list[str] = []
    texts: dict[int, str] = {}  # id → the text itself, held so that its id names no other while walking
    lock = threading.Lock()

    def carries(value: Any) -> bool:
        if isinstance(value, kinds):
            for text in _texts(value):
                texts.setdefault(id(text), text)
            return True
        if isinstance(value, str):
            return id(value) in texts
        if isinstance(value, (list, tuple)) and 0 < len(value) < 50:
            return any(isinstance(item, kinds) for item in value)
        return False

    def look(frame: FrameType, event: str, _arg: Any) -> None:
        if event != "call":
            return
        path = frame.f_code.co_filename
        if not path.startswith(CODE):
            return
        code = frame.f_code
        names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
        local = frame.f_locals
        if any(carries(local.get(name)) for name in names):
            where = str(Path(path).relative_to(ROOT))
            with lock:
                if where not in met and where not in EVERY_WRITE:
                    met.append(where)

    threading.setprofile(look)  # type: ignore[arg-type]
    sys.setprofile(look)  # type: ignore[arg-type]
    try:
        yield met
    finally:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]
