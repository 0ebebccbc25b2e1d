"""Running Accord: the web server, the background worker and the mail they send (`accord serve`, `worker`,
`mail`)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..settings import Settings, data_folder
from .base import (
    fail,
    main,
    reasons,
    store,
)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=None, type=int, help="[default: ACCORD_PORT, else 8000]")
@click.option("--workers", default=1, show_default=True, type=int)
def serve(host: str, port: int | None, workers: int) -> None:
    """Serve the web app and the API."""
    import uvicorn

    settings: Settings = click.get_current_context().obj
    port = port or settings.port
    # The app is made again in the server process, from the environment: it learns the port there, and an unset
    # public URL (the links in mails) follows it.
    os.environ["ACCORD_PORT"] = str(port)
    if workers > 1 and not settings.secret_key and data_folder(settings.database_url) is None:
        # Each worker would make up its own key: sessions and forms would fail at random.
        fail("several workers need a shared secret: set ACCORD_SECRET_KEY (the same for every worker and machine)")

    try:
        settings.check_oidc()
        if settings.pdf_seal:
            from ..renderers.pdf_seal import PdfSeal  # half a second to import: only where a seal is set

            PdfSeal.load(settings.pdf_seal, settings.pdf_seal_password)
    except ValueError as exc:  # half a configuration of the organisation's OpenID provider, a seal that cannot be used
        fail(str(exc))
    click.echo(f"Accord on http://{host}:{port} (API documentation at /schema)")
    # The client's address is the peer's unless the peer is a proxy we were told to trust (uvicorn's own
    # default would believe X-Forwarded-For from 127.0.0.1, letting anyone there choose their address).
    proxies = settings.proxies
    options: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "log_level": "info",
        # Accord's own line is the access log (web/access_log.py: the route's template, never the path or query);
        # uvicorn's printed both, with the tokens of mailed links and OpenID codes, and the client's address.
        "access_log": False,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or None,
        # A stop waits for requests under way; event streams end at once (web/stopping.py).
        "timeout_graceful_shutdown": settings.shutdown_seconds,
    }
    if workers == 1:
        uvicorn.run("workspace.web.app:app_from_env", **options)
        return
    from ..serving import serve as serve_workers  # each worker on a socket of its own

    try:
        with _metrics_folder():
            serve_workers(uvicorn.Config("workspace.web.app:app_from_env", **options))
    except OSError as exc:  # the address is taken, or not this machine's
        fail(f"cannot listen on {host}:{port}: {exc.strerror}")


@contextmanager
def _metrics_folder() -> Iterator[None]:
    """Several workers: each writes its metrics to files in one folder, and GET /metrics, whichever worker answers
    it, sums them all (workspace/metrics.py). A folder of this run's own, removed at the end, unless the operator
    named one in PROMETHEUS_MULTIPROC_DIR (shared with an `accord worker` of this machine, say)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="accord-metrics-") as folder:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder  # the workers are started after this, and inherit it
        try:
            yield
        finally:
            del os.environ["PROMETHEUS_MULTIPROC_DIR"]


@main.command()
@click.option(
    "--concurrency",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Threads taking jobs at once in this process.",
)
@click.option(
    "--schedule/--no-schedule",
    default=True,
    show_default=True,
    help="Also run each minute's sweep, reminders and digests (they run once per period across all workers).",
)
@click.pass_context
@reasons
def worker(ctx: click.Context, concurrency: int, schedule: bool) -> None:
    """Run jobs (mails, digests, reminders, publication files) until stopped; start as many as needed,
    on any machines that share the database and the queue (ACCORD_QUEUE_URL)."""
    import logging

    from ..worker import Jobs

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings: Settings = ctx.obj
    try:
        jobs = Jobs(settings, store(ctx), apart=True)
    except ValueError as exc:  # a malformed ACCORD_QUEUE_URL or ACCORD_SMTP_URL
        fail(str(exc))
    click.echo(
        f"accord worker: {concurrency} threads on {type(jobs.huey).__name__} "
        f"({'with' if schedule else 'without'} the schedule); mails {_mail_route(settings)}"
    )
    jobs.run_pending()  # what waited while no worker ran
    jobs.consumer(concurrency, schedule).run()


def _mail_route(settings: Settings) -> str:
    from ..settings import mail_folder

    if settings.smtp_url:
        from urllib.parse import urlsplit

        parts = urlsplit(settings.smtp_url)
        return f"through {parts.scheme}://{parts.hostname}:{parts.port or ''}".rstrip(":")
    return f"written to {mail_folder(settings)}"


@main.group()
def mail() -> None:
    """E-mail: check that the settings deliver."""


@mail.command("test")
@click.argument("email")
@click.pass_context
@reasons
def mail_test(ctx: click.Context, email: str) -> None:
    """Send one message to EMAIL through the settings (ACCORD_SMTP_URL, ACCORD_MAIL_FROM), now."""
    from ..mail import DeliveryError, Mail, build, new_message_id, transport_for
    from ..services.notifications.outward import Outward
    from ..settings import mail_folder

    settings: Settings = ctx.obj
    out = Outward(settings.public_url, settings.secret_key)
    try:
        message = build(
            Mail(
                to=email,
                subject="Accord: test message",
                text=f"This message checks that Accord at {settings.public_url} can send mail.\n",
                html=None,
                message_id=new_message_id("test", out.domain),
            ),
            settings.mail_from,
        )
        transport_for(settings.smtp_url, mail_folder(settings)).send(message)
    except (ValueError, DeliveryError) as exc:
        fail(f"mail not sent: {exc}")
    click.echo(f"sent a test message to {email} {_mail_route(settings)}")
