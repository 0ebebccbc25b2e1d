"""Editions anyone can verify (issue 64): a publication's manifest (every file with its size and SHA-256, the process,
the version, the languages, when and by whom) as canonical JSON bytes, signed with the instance's Ed25519 key in
minisign's formats (py-minisign), so that Debian's `minisign -V` verifies it offline with the published public key.

A key's secret is kept as minisign keeps it: its own file format, encrypted with a password (scrypt), here the
instance's secret key, which lives outside the database: a copy of the database alone signs nothing. Pure: no store,
no clock (the caller says when)."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

import minisign

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
FORMAT = 1  # the manifest's own version: a reader's program knows what the fields mean


@dataclass(frozen=True)
class NewKey:
    """A key pair just made: its id (minisign's key number, hexadecimal as minisign prints it), the public key as
    minisign's `.pub` file's second line holds it, and the secret key file's bytes, encrypted with the password."""

    key_id: str
    public_key: str
    secret: bytes


def new_key(password: str) -> NewKey:
    pair = minisign.KeyPair.generate()
    secret = pair.secret_key
    secret.encrypt(password)
    return NewKey(key_id_of(pair.public_key), pair.public_key.to_base64().decode(), bytes(secret))


def key_id_of(public: minisign.PublicKey) -> str:
    """minisign's key number, as minisign prints it (upper-case hexadecimal of its little-endian bytes)."""
    return _key_number(public.to_base64())


def _key_number(encoded: bytes | str) -> str:
    """The key number in a public key's or a signature's second line: algorithm (2 bytes), key number (8), …"""
    return base64.standard_b64decode(encoded)[2:10][::-1].hex().upper()


def public_file(public_key: str, key_id: str) -> str:
    """A `.pub` file's text, as `minisign -G` writes it: what `minisign -V -p FILE` reads."""
    return f"untrusted comment: minisign public key {key_id}\n{public_key}\n"


class Unopened(ValueError):
    """A secret key the password given does not open (the instance's secret key changed since it was made)."""


@lru_cache(maxsize=8)
def _opened(secret: bytes, password: str) -> minisign.SecretKey:
    """The secret key decrypted (scrypt costs a tenth of a second: once per key and process)."""
    key = minisign.SecretKey.from_bytes(secret)
    try:
        key.decrypt(password)
    except minisign.Error as wrong:
        raise Unopened(str(wrong)) from wrong
    return key


def signature(secret: bytes, password: str, data: bytes, trusted: str) -> bytes:
    """`data` signed (prehashed, minisign's default), `trusted` its trusted comment (one line): a `.minisig` file."""
    signed = _opened(secret, password).sign(data, prehash=True, trusted_comment=trusted)
    return bytes(signed) + b"\n"


def verified(public_key: str, data: bytes, signed: bytes) -> str | None:
    """The trusted comment of `signed` if it is a good signature of `data` by `public_key`, else None."""
    try:
        found = minisign.Signature.from_bytes(signed)
        minisign.PublicKey.from_base64(public_key).verify(data, found)
    except (minisign.Error, ValueError):
        return None
    return str(found.trusted_comment)


def signed_by(signed: bytes) -> str | None:
    """The key number a `.minisig` file names (which of the instance's keys to verify it with); None if unreadable."""
    try:
        return _key_number(signed.splitlines()[1])
    except (IndexError, ValueError):
        return None


@dataclass(frozen=True)
class ManifestFile:
    name: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What a publication's manifest says. `signed_later`: the publication was made before manifests were signed, and
    its manifest was signed when first asked for (its files are still the bytes kept when it was published). `inside`:
    the file that carries this manifest (the JSON bundle), which it cannot list (its checksum would hold itself); the
    publication's own manifest, served beside the files, lists every file, that one too."""

    process: str
    publication: int
    symbol: str
    version: str
    languages: list[str]
    published_at: str  # ISO 8601, UTC
    published_by: str | None
    corrigendum_of: int | None
    files: list[ManifestFile]
    signed_at: str
    signed_later: bool
    key_id: str
    checkpoint: dict[str, Any] | None = None  # the activity record's signed checkpoint of its moment, when there is one
    inside: str | None = None

    def data(self) -> bytes:
        """The manifest's bytes: canonical JSON (sorted keys, UTF-8, one trailing newline), the same every time."""
        doc = {"accord_manifest": FORMAT, **asdict(self)}
        if self.inside is None:  # the publication's own manifest, as it was before manifests were carried inside
            del doc["inside"]
        return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()

    def trusted_comment(self) -> str:
        """What the signature itself says (signed too): which publication, and its manifest's digest; one line, as
        minisign keeps it (a line break in a name would cut it: every run of white space is one space)."""
        said = f"accord {self.process} publication {self.publication} {self.version}"
        return f"{' '.join(said.split())} sha256:{hashlib.sha256(self.data()).hexdigest()}"


def manifest_of(data: bytes) -> Manifest | None:
    """A manifest read back from its bytes; None if they are no manifest of ours."""
    try:
        doc = json.loads(data)
        if not isinstance(doc, dict) or doc.pop("accord_manifest", None) != FORMAT:
            return None
        doc["files"] = [ManifestFile(**f) for f in doc["files"]]
        return Manifest(**doc)
    except (ValueError, TypeError, KeyError):
        return None
