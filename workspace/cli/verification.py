"""`accord verify`: whether files are genuine published files (issue 64), and whether a process's activity record is
the one that was written."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import click
import httpx

from ..domain.publication.signing import MANIFEST, SIGNATURE, signed_by, verified
from ..renderers.verification_readme import PUBLIC_KEY
from ..services import publication, signing
from ..services.processes import record
from .base import fail, main, reasons, store

MAX_DOWNLOAD = 512 * 1024 * 1024  # bytes: the largest file an address may give


def _said(name: str, found: publication.Verified) -> str:
    if found.genuine:
        return f"genuine      {name}  {found.process} publication {found.publication} ({found.version}) {found.file}"
    if found.differs is not None:
        d = found.differs
        return (
            f"NOT GENUINE  {name}  differs from {found.process} publication {found.publication} {found.file} from "
            f"byte {d.first_difference_at} on ({d.size} bytes, sha256:{d.sha256}; published: {d.published_size} "
            f"bytes, sha256:{d.published_sha256})"
        )
    return f"NOT GENUINE  {name}  no publication has these bytes (sha256:{found.sha256})"


def _signature(db: Any, folder: Path) -> tuple[bool, str]:
    """The folder's manifest signature checked with the instance's key it names."""
    signed, manifest = (folder / SIGNATURE).read_bytes(), (folder / MANIFEST).read_bytes()
    named = signed_by(signed)
    key = next((k for k in signing.list_keys(db) if k.key_id == named), None)
    if key is None:
        return False, f"NOT GENUINE  {SIGNATURE}  signed by a key this instance never had ({named})"
    if verified(key.public_key, manifest, signed) is None:
        return False, f"NOT GENUINE  {SIGNATURE}  not a signature of {MANIFEST} by key {named}"
    return True, f"genuine      {SIGNATURE}  {MANIFEST} signed by key {named}"


def _files(target: str) -> list[tuple[str, bytes]]:
    """The files to verify: TARGET's own, a folder's, or what an address gives."""
    if target.startswith(("http://", "https://")):
        answer = httpx.get(target, follow_redirects=True, timeout=60)
        if answer.status_code != 200:
            fail(f"{target}: {answer.status_code}")
        if len(answer.content) > MAX_DOWNLOAD:
            fail(f"{target}: more than {MAX_DOWNLOAD} bytes")
        return [(unquote(urlsplit(target).path.rsplit("/", 1)[-1]) or "download", answer.content)]
    path = Path(target)
    if path.is_dir():
        return [(p.name, p.read_bytes()) for p in sorted(path.iterdir()) if p.is_file()]
    if not path.is_file():
        fail(f"{target}: no such file or folder")
    return [(path.name, path.read_bytes())]


@main.command("verify")
@click.argument("target")
@click.argument("slug", required=False)
@click.pass_context
@reasons
def verify_cmd(ctx: click.Context, target: str, slug: str | None) -> None:
    """Whether each file of TARGET (a file, a folder such as `accord publish --out` writes, or an address to download)
    is a genuine published file, of which process, publication, version and language, or exactly how it differs
    from the published file of its name; a folder's signed manifest is checked with the instance's key. Exits 1 if
    any is not genuine. `accord verify record SLUG`: the process's activity record, recomputed."""
    db = store(ctx)
    if target == "record":
        if slug is None:
            fail("give the process: accord verify record SLUG")
        else:
            _record(ctx, db, slug)
        return
    if slug is not None:
        fail(f"one file, folder or address at a time, not {slug}")
    files, good = _files(target), True
    names = {name for name, _ in files}
    for name, data in files:
        if name == SIGNATURE and MANIFEST in names:
            ok, said = _signature(db, Path(target))
        elif name in (PUBLIC_KEY, "README.txt") and MANIFEST in names:
            continue  # the folder's guide and the key it names: what verifies, not what is verified
        else:
            found = publication.verify(db, data, name)
            ok, said = found.genuine, _said(name, found)
        good &= ok
        click.echo(said)
    if not good:
        ctx.exit(1)


REASONS = {
    "content": "its content is not what its digest committed to (changed)",
    "link": "its link is not the one recomputed (an entry before it removed, moved or changed)",
}


def _record(ctx: click.Context, db: Any, slug: str) -> None:
    """The process's record recomputed from its start, and each of its checkpoints checked against it."""
    report = record.verify_record(db, slug)
    click.echo(
        f"{slug}: {report.count} entries chained ({report.erased} erased: their digests stand, unopened), "
        f"head {report.head}"
    )
    if report.broken is not None:
        click.echo(f"BROKEN at entry {report.broken.seq}: {REASONS[report.broken.reason]}")
    for c in report.checkpoints:
        said = "good" if c.good else f"NOT GOOD: {c.why}"
        click.echo(f"checkpoint of {c.count} entries ({c.reason}, signed {c.signed_at:%Y-%m-%d %H:%M} UTC): {said}")
    if not report.good:
        ctx.exit(1)
