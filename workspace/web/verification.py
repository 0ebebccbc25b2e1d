"""What lets anyone verify an edition (issue 64): the instance's public keys at `/.well-known/accord-keys.json`."""

from __future__ import annotations

from typing import Any

from litestar import Response

from ..domain.publication.signing import public_file
from ..services import signing
from .params import Db
from .routes import get


@get("/.well-known/accord-keys.json", include_in_schema=False)
def accord_keys(db: Db) -> Response[dict[str, Any]]:
    """Every key the instance signed with, the current one last: its number, its public key (the second line of
    minisign's `.pub` file, `minisign_pub` the whole file), since when and until when it signed."""
    keys = signing.list_keys(db)
    current = next((k.key_id for k in reversed(keys) if k.retired_at is None), None)
    listed = [
        {
            "key_id": k.key_id,
            "public_key": k.public_key,
            "minisign_pub": public_file(k.public_key, k.key_id),
            "created_at": k.created_at.isoformat(),
            "retired_at": k.retired_at.isoformat() if k.retired_at else None,
        }
        for k in keys
    ]
    return Response({"current": current, "keys": listed}, headers={"Cache-Control": "public, max-age=300"})
