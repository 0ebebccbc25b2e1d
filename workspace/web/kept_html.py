"""Parts of pages that every reader of one role sees the same, rendered once per worker.

A reading page of a version draws up to 200 paragraphs; when the chair says "please look at the revised OP 14"
a thousand delegates ask for it within seconds. What its paragraphs look like depends only on the screen the
services made for the reader's role (its `key` names it for good) and on the language of the page, so it is
rendered once and kept, the last used first; the page around it (the reader's name, their form tokens, a flash
message) is rendered for each request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from markupsafe import Markup


class KeptHtml:
    def __init__(self, size: int) -> None:
        self.size = size
        self.kept: OrderedDict[Hashable, Markup] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], str]) -> Markup:
        with self.lock:
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
        made = Markup(make())
        with self.lock:
            self.kept[key] = made
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)
        return made
