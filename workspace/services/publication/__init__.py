"""Publishing the final trilingual declaration: the gate, the frozen publication, corrigenda, and
the files every format is rendered to, once, and kept."""

from ...domain.publication.publication_commands import Publish
from .files import file_content, publication_files, published_file, signed_manifest
from .gate import check_gate, keep_leftover, take_back_leftover
from .publishing import publication_model, publications, publish, published_declarations
from .verification import Verified, verify
from .views import RenderingView

__all__ = [
    "Publish",
    "RenderingView",
    "Verified",
    "check_gate",
    "file_content",
    "keep_leftover",
    "publication_files",
    "publication_model",
    "publications",
    "publish",
    "published_declarations",
    "published_file",
    "signed_manifest",
    "take_back_leftover",
    "verify",
]
