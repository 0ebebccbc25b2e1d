"""What every command shares: the `accord` group, its settings, the one-line refusal and the store it opens;
small readers of options and files more than one command uses."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy.exc import SQLAlchemyError

from .. import i18n
from ..domain.errors import AccordError
from ..services.publication.rendering import RenderFailed
from ..services.unit import store_for
from ..settings import Settings, documented_settings
from ..store.blobs import ChangedFile

F = TypeVar("F", bound=Callable[..., Any])
DEMO_PASSWORD = "accord-demo"
DEMO_ADMIN = "admin@demo.accord"


def fail(message: str) -> None:
    click.echo(f"accord: error: {message}", err=True)
    sys.exit(1)


def reasons(fn: F) -> F:
    """Turn every expected failure into one line on stderr and exit status 1."""

    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AccordError as exc:
            for other in getattr(exc, "also", ()):  # every refusal of a file, not only the first
                click.echo(f"accord: error: {other.render(i18n.translate)}", err=True)
            fail(exc.render(i18n.translate))
        except SQLAlchemyError as exc:
            fail(f"database: {str(exc.orig if hasattr(exc, 'orig') and exc.orig else exc).splitlines()[0]}")
        except (OSError, ChangedFile, RenderFailed) as exc:
            fail(str(exc))

    return run  # type: ignore[return-value]


def store(ctx: click.Context) -> Any:
    settings: Settings = ctx.obj
    try:
        return store_for(settings)
    except ValueError as exc:  # a malformed ACCORD_STORAGE_URL, an unusable ACCORD_PDF_SEAL
        fail(str(exc))


def _settings_help() -> str:
    return "\n".join(f"  {env:<24} {text}" for env, _default, text in documented_settings())


@click.group(epilog=f"Settings (environment):\n{_settings_help()}")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Accord: drafting trilingual declarations out of consultations."""
    ctx.obj = Settings.from_env()


def safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def per_language(given: tuple[str, ...], default: str | None = None) -> dict[str, str]:
    """`--place en=Kütahya, Türkiye` given per language; without `LANG=`, the `default` language's
    (a value's own `=` is kept: only a language code before the first `=` is read as one)."""
    found: dict[str, str] = {}
    for item in given:
        code, sep, text = item.partition("=")
        if sep and len(code.strip()) <= 3 and code.strip().isalpha():
            found[code.strip()] = text
        elif default is not None:
            found[default.strip().lower()] = item
        else:
            fail(f"--place {item!r}: give the language, e.g. --place 'en={item}'")
    return found


def read_text(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        fail(f"{file}: not UTF-8 text")
        raise


def unit_lines(units: list[dict[str, Any]], err: bool = False) -> None:
    """One line per unit of an imported file: its line, its eId, what became of it, its state, why if refused."""
    for u in units:
        click.echo(
            "\t".join(
                [str(u["line"] or ""), u["eid"], u["outcome"], u["state"], *([u["reason"]] if u["reason"] else [])]
            ),
            err=err,
        )
