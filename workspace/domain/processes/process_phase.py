"""Where a process may go from its phase.

Publishing moves a process to the published phase, and what was published never changes: the process
stays published (a correction is a corrigendum; a new round of negotiation is a new process). Only
publishing makes a process published: its settings cannot claim it."""

from __future__ import annotations

from ..errors import N_, Conflict
from ..vocabulary import Phase


def check_phase_change(current: str | None, wanted: str, published: bool) -> None:
    """409 if a process now in `current` (None: a new one), with a publication or not (`published`), may not be
    set to `wanted` through its settings. `current` is only read to let a process keep a phase it has."""
    if published and wanted != Phase.PUBLISHED:
        raise Conflict(
            N_(
                "This process is published, so it stays in the published phase: to correct its text, publish a "
                "corrigendum; for a new round, open a new process."
            ),
            detail={"field": "phase"},
        )
    if wanted == Phase.PUBLISHED and current != Phase.PUBLISHED and not published:
        raise Conflict(
            N_(
                "A process reaches the published phase when one of its versions is published, not through its settings."
            ),
            detail={"field": "phase"},
        )
