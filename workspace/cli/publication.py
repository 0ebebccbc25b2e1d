"""Publishing a version and writing its frozen files: `accord publish`."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import click

from ..domain.errors import NotFound
from ..domain.publication.signing import MANIFEST, SIGNATURE, manifest_of, public_file
from ..renderers.verification_readme import PUBLIC_KEY, verification_readme
from ..services import (
    publication,
    signing,
)
from ..services.actor import SYSTEM
from ..services.declaration import versions
from .base import (
    fail,
    main,
    per_language,
    reasons,
    store,
)


@main.command("publish")
@click.argument("process_slug", metavar="PROCESS")
@click.argument("version", metavar="VERSION")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the files in.",
)
@click.option(
    "--symbol", default=None, help="The document symbol (default: from the process's slug, e.g. KUTAHYA/2021/DECL)."
)
@click.option("--date", "day", default=None, help="The date of the date line (YYYY-MM-DD); default: today.")
@click.option(
    "--place",
    "places",
    multiple=True,
    metavar="LANG=PLACE",
    help="The place of the date line in a language, e.g. --place 'fr=Kütahya, Turquie'; default: the process's.",
)
@click.pass_context
@reasons
def publish_cmd(
    ctx: click.Context,
    process_slug: str,
    version: str,
    out: Path,
    symbol: str | None,
    day: str | None,
    places: tuple[str, ...],
) -> None:
    """Publish VERSION of PROCESS (after the same gate as the pages), unless it is published already,
    and write every file of its publication into OUT: PDF, Word, HTML, Markdown, Akoma Ntoso and
    JSON, per language and trilingual, each named with its languages (kutahya-2021.fr.pdf …)."""
    db = store(ctx)
    number = _published_number(db, process_slug, version)
    if number is None:
        made = publication.publish(
            db,
            SYSTEM,
            process_slug,
            publication.Publish(
                version=version,
                symbol=symbol or "/".join(process_slug.upper().split("-")) + "/DECL",
                date=day,
                places=per_language(places),
            ),
        )
        click.echo(f"published {made.symbol} ({made.version}) as publication {made.number}")
        number = made.number
    elif symbol or day or places:
        fail(f"{version} of {process_slug} is published already: its files are written as they were published")
    out.mkdir(parents=True, exist_ok=True)
    for stored in publication.publication_files(db, process_slug, number):  # the bytes kept when it was published
        with publication.file_content(db, stored) as content, (out / stored.name).open("wb") as target:
            shutil.copyfileobj(content, target)
        click.echo(f"wrote {out / stored.name}  sha256:{stored.sha256}")
    _write_verification(db, process_slug, number, out)


def _write_verification(db: Any, process_slug: str, number: int, out: Path) -> None:
    """Beside the files: the signed manifest, its signature, the key that verifies it and a README saying how."""
    signed = publication.signed_manifest(db, process_slug, number)
    manifest = manifest_of(signed.manifest)
    assert manifest is not None
    key = next(k for k in signing.list_keys(db) if k.key_id == signed.key_id)
    pub = public_file(key.public_key, key.key_id)
    written = {
        MANIFEST: signed.manifest,
        SIGNATURE: signed.signature,
        PUBLIC_KEY: pub.encode(),
        "README.txt": verification_readme(manifest.symbol, manifest.version, pub, manifest.languages),
    }
    for name, data in written.items():
        (out / name).write_bytes(data)
        click.echo(f"wrote {out / name}")


def _published_number(db: Any, process_slug: str, version: str) -> int | None:
    """The latest publication of VERSION (its label or number), if there is one."""
    try:
        found = publication.publications(db, process_slug)
    except NotFound:
        return None
    labels = {v.label.lower(): str(v.number) for v in versions.list_versions(db, SYSTEM, process_slug)}
    wanted = labels.get(version.lower(), version)
    matching = [p.number for p in found if str(labels.get(p.version.lower(), p.version)) == wanted]
    return matching[-1] if matching else None
