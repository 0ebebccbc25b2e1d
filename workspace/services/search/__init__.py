"""Search (issue 68): every text of a process a reader may read, in three languages and across versions, and the
language agreed before across processes and published declarations."""

from __future__ import annotations

from .finding import everywhere, in_process
from .reindexing import reindex
from .views import HitView

__all__ = ["HitView", "everywhere", "in_process", "reindex"]
