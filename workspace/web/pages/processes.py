"""Pages of the process list and of a new process."""

from __future__ import annotations

from litestar.response import Template

from ...services import processes
from ...services.access import require_actor
from ...services.unit import Store
from ...services.views import Actor
from ..routes import get


@get("/processes", include_in_schema=False)
def process_list(db: Store, actor: Actor | None) -> Template:
    return Template("processes/list.html", context={"processes": processes.list_processes(db, require_actor(actor))})


HANDLERS = [process_list]
