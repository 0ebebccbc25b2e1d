"""The README.txt of a publication's folder (`accord publish --out`): how a reader verifies its files offline, with
the instance's public key, in each of the publication's languages in turn."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.publication.signing import MANIFEST, SIGNATURE
from ..i18n import gettext as _
from ..i18n import locale_scope

PUBLIC_KEY = "accord.pub"


def verification_readme(symbol: str, version: str, pub: str, languages: Sequence[str]) -> bytes:
    """How to verify the folder's files: the manifest's signature with minisign, then each file's SHA-256."""
    blocks = []
    for reader in languages:
        with locale_scope(reader):
            blocks.append(
                "\n".join(
                    [
                        f"{symbol} · {version}",
                        _("How to verify these files"),
                        "",
                        _(
                            "%(manifest)s lists every file of this publication with its size and SHA-256; "
                            "%(signature)s is its signature by the key in %(key)s (Ed25519, minisign's format).",
                            manifest=MANIFEST,
                            signature=SIGNATURE,
                            key=PUBLIC_KEY,
                        ),
                        "",
                        _("1. Verify the manifest's signature:"),
                        f"   minisign -V -p {PUBLIC_KEY} -m {MANIFEST}",
                        _("2. Check every file against the manifest:"),
                        f"""   jq -r '.files[] | "\\(.sha256)  \\(.name)"' {MANIFEST} | sha256sum --check""",
                        "",
                        _("The key (%(key)s):", key=PUBLIC_KEY),
                        *("   " + line for line in pub.splitlines()),
                        _("Every key of the instance, with its dates: /.well-known/accord-keys.json on its site."),
                    ]
                )
                + "\n"
            )
    return "\n".join(blocks).encode("utf-8")
