"""Publishing the final trilingual declaration: the gate, the frozen publication, corrigenda, and
the files every format is rendered to."""

from ...domain.publication_commands import Publish
from .publishing import check_gate, publication_model, publications, publish

__all__ = ["Publish", "check_gate", "publication_model", "publications", "publish"]
