"""Publishing the final trilingual declaration: the gate, the frozen publication, corrigenda, and
the files every format is rendered to."""

from .publishing import Publish, check_gate, publication_model, publications, publish

__all__ = ["Publish", "check_gate", "publication_model", "publications", "publish"]
