"""Typed settings, read once from the environment and passed in (never read deep in the code)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'var' / 'accord.db'}"


@dataclass(frozen=True)
class Settings:
    """Every setting Accord reads. Each field's metadata carries its environment variable and help."""

    database_url: str = field(
        default=DEFAULT_DATABASE_URL,
        metadata={"env": "ACCORD_DATABASE_URL", "help": "SQLAlchemy URL of the store (SQLite file or PostgreSQL)."},
    )
    secret_key: str = field(
        default="",
        metadata={
            "env": "ACCORD_SECRET_KEY",
            "help": (
                "Secret signing session cookies, CSRF tokens and unsubscribe links. If empty: kept in secret.key "
                "beside an SQLite database (made when the server or a worker first starts, shared by every worker), "
                "else random per run (one worker only)."
            ),
        },
    )
    webhooks_private: bool = field(
        default=False,
        metadata={
            "env": "ACCORD_WEBHOOKS_PRIVATE",
            "help": (
                "Let webhooks send to addresses inside this machine or a private network (refused by default: a "
                "webhook is no way into the organisation's network)."
            ),
        },
    )
    pdf_seal: str = field(
        default="",
        metadata={
            "env": "ACCORD_PDF_SEAL",
            "help": (
                "A PKCS#12 file (.p12, .pfx) with the organisation's RSA certificate and its key: every PDF published "
                "from then on is sealed with it (PAdES, staying PDF/A-2b and PDF/UA-1). Off when empty."
            ),
        },
    )
    pdf_seal_password: str = field(
        default="", metadata={"env": "ACCORD_PDF_SEAL_PASSWORD", "help": "The password of ACCORD_PDF_SEAL's file."}
    )
    max_body_bytes: int = field(
        default=2 * 1024 * 1024,
        metadata={"env": "ACCORD_MAX_BODY_BYTES", "help": "Largest request body accepted, in bytes (413 above)."},
    )
    default_locale: str = field(
        default="en",
        metadata={"env": "ACCORD_DEFAULT_LOCALE", "help": "UI language when nothing else decides (es, en or fr)."},
    )
    secure_cookies: bool = field(
        default=False,
        metadata={"env": "ACCORD_SECURE_COOKIES", "help": "Send cookies only over HTTPS (set true in production)."},
    )
    threads: int = field(
        default=32,
        metadata={
            "env": "ACCORD_THREADS",
            "help": "Threads per worker that run requests; each may hold a database connection.",
        },
    )
    redis_url: str = field(
        default="",
        metadata={
            "env": "ACCORD_REDIS_URL",
            "help": (
                "Redis for live events shared by several workers or machines, and the pieces of pages they "
                "render for each other (redis://127.0.0.1:6379/0); empty: in memory, for one worker."
            ),
        },
    )
    stream_seconds: int = field(
        default=300,
        metadata={
            "env": "ACCORD_STREAM_SECONDS",
            "help": (
                "How long an event stream stays open before the server ends it; browsers reconnect at once "
                "and resume from the last event they had (so proxies never cut a stream mid-event)."
            ),
        },
    )
    shutdown_seconds: int = field(
        default=10,
        metadata={
            "env": "ACCORD_SHUTDOWN_SECONDS",
            "help": (
                "When the server is told to stop, how long requests under way may take to finish; event "
                "streams are ended at once (browsers reconnect to the next server and resume)."
            ),
        },
    )
    storage_url: str = field(
        default="",
        metadata={
            "env": "ACCORD_STORAGE_URL",
            "help": (
                "S3-compatible object store for publication files, "
                "s3://BUCKET/PREFIX?endpoint=http://127.0.0.1:9000&region=us-east-1 (addressing=path|virtual; "
                "credentials as s3://KEY_ID:SECRET@BUCKET/… or from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); "
                "empty: the files are kept in the database."
            ),
        },
    )
    port: int = field(
        default=8000,
        metadata={
            "env": "ACCORD_PORT",
            "help": (
                "The port `accord serve` listens on when no --port is given (`make run PORT=8080` sets both); an "
                "unset public URL follows it."
            ),
        },
    )
    public_url: str = field(
        default="",
        metadata={
            "env": "ACCORD_PUBLIC_URL",
            "help": (
                "The address people reach Accord at (https://accord.example.org): every link in a mail and in the "
                "Atom feed is made on it, never on a request's Host header; empty: http://127.0.0.1:PORT, on "
                "ACCORD_PORT."
            ),
        },
    )
    smtp_url: str = field(
        default="",
        metadata={
            "env": "ACCORD_SMTP_URL",
            "help": (
                "SMTP server mails go through: smtp://USER:PASS@HOST:587?starttls=true or smtps://USER:PASS@HOST:465 "
                "(verify=false skips certificate checks); empty: each mail is written as an .eml file in the "
                "mail folder, and administrators read them at /admin/mail."
            ),
        },
    )
    mail_from: str = field(
        default="Accord <accord@localhost>",
        metadata={"env": "ACCORD_MAIL_FROM", "help": "The sender of Accord's mails (Name <address>)."},
    )
    mail_dir: str = field(
        default="",
        metadata={
            "env": "ACCORD_MAIL_DIR",
            "help": (
                "Folder of the .eml files written when no SMTP server is set; empty: mail/ beside an SQLite "
                "database, else var/mail."
            ),
        },
    )
    queue_url: str = field(
        default="",
        metadata={
            "env": "ACCORD_QUEUE_URL",
            "help": (
                "The job queue's store (Huey): redis://HOST:6379/1, or sqlite:///PATH for one machine; empty: the "
                "Redis of live events if set, else queue.db beside an SQLite database (or var/queue.db)."
            ),
        },
    )
    jobs_in_process: bool = field(
        default=True,
        metadata={
            "env": "ACCORD_JOBS_IN_PROCESS",
            "help": (
                "Run the job worker (mails, digests, reminders, publication files) inside each web server process; "
                "set false where `accord worker` runs apart, on this machine or others."
            ),
        },
    )
    mail_retry_seconds: int = field(
        default=60,
        metadata={
            "env": "ACCORD_MAIL_RETRY_SECONDS",
            "help": (
                "First wait before a failed mail is tried again; it doubles at each try, and after 8 tries the "
                "mail is kept as failed and shown to administrators."
            ),
        },
    )
    job_lease_seconds: int = field(
        default=300,
        metadata={
            "env": "ACCORD_JOB_LEASE_SECONDS",
            "help": (
                "How long a worker holds a mail it is sending: if the worker dies, another takes the mail after "
                "this (and sends it twice only if the server had already accepted it); longer than any send."
            ),
        },
    )
    machine: str = field(
        default="apertium",
        metadata={
            "env": "ACCORD_MACHINE",
            "help": (
                "The engine of machine drafts in the translation editor: apertium (Debian's apertium-eng-spa and "
                "apertium-fr-es, English and French through Spanish; offered only where installed), libretranslate "
                "(at ACCORD_MACHINE_URL), or none."
            ),
        },
    )
    machine_url: str = field(
        default="",
        metadata={
            "env": "ACCORD_MACHINE_URL",
            "help": "LibreTranslate's address (http://127.0.0.1:5000), for ACCORD_MACHINE=libretranslate.",
        },
    )
    trusted_proxies: str = field(
        default="",
        metadata={
            "env": "ACCORD_TRUSTED_PROXIES",
            "help": (
                "Comma-separated addresses or networks of the reverse proxies in front of `accord serve` "
                "(127.0.0.1, 10.0.0.0/8): only from them is X-Forwarded-For believed, and the client's address "
                "taken from it; empty: the address of the connection's peer, whatever a header says (sign-in limits "
                "and every per-address count rely on it)."
            ),
        },
    )
    render_cache_bytes: int = field(
        default=256 * 1024 * 1024,
        metadata={
            "env": "ACCORD_RENDER_CACHE_BYTES",
            "help": (
                "Bytes of files made on demand (a version's PDF or Word file) kept in renders/ of the data folder, "
                "shared by the machine's workers, the least recently used removed first; 0 keeps none (the requests "
                "at once still share one making)."
            ),
        },
    )
    metrics_token: str = field(
        default="",
        metadata={
            "env": "ACCORD_METRICS_TOKEN",
            "help": (
                "The bearer token Prometheus sends to read GET /metrics (Authorization: Bearer TOKEN); empty: "
                "/metrics answers 404, as an unknown address does."
            ),
        },
    )
    oidc_issuer: str = field(
        default="",
        metadata={
            "env": "ACCORD_OIDC_ISSUER",
            "help": (
                "The organisation's OpenID provider (https://login.microsoftonline.com/TENANT/v2.0, "
                "https://accounts.google.com, https://HOST/realms/REALM): its /.well-known/openid-configuration "
                "says the rest. Set with ACCORD_OIDC_CLIENT_ID, ACCORD_OIDC_CLIENT_SECRET and ACCORD_OIDC_LABEL, "
                "the sign-in page offers it beside passwords (register {ACCORD_PUBLIC_URL}/auth/oidc/callback as "
                "the redirect URI); empty: no such sign-in."
            ),
        },
    )
    oidc_client_id: str = field(
        default="",
        metadata={"env": "ACCORD_OIDC_CLIENT_ID", "help": "Accord's client id at the OpenID provider."},
    )
    oidc_client_secret: str = field(
        default="",
        metadata={"env": "ACCORD_OIDC_CLIENT_SECRET", "help": "Accord's client secret at the OpenID provider."},
    )
    oidc_label: str = field(
        default="",
        metadata={
            "env": "ACCORD_OIDC_LABEL",
            "help": 'What people call the organisation\'s accounts, on the button ("UCLG account": Sign in with …).',
        },
    )
    oidc_create_accounts: bool = field(
        default=False,
        metadata={
            "env": "ACCORD_OIDC_CREATE_ACCOUNTS",
            "help": (
                "Make an account at the first sign-in of someone the provider knows and Accord does not (their "
                "verified address and name); false: only people with an account (or an invitation) sign in."
            ),
        },
    )
    oidc_admin_claim: str = field(
        default="",
        metadata={
            "env": "ACCORD_OIDC_ADMIN_CLAIM",
            "help": (
                "The claim that makes someone an administrator, set or taken away at each of their sign-ins through "
                "the provider: CLAIM (its value is true) or CLAIM=VALUE (it equals VALUE, or is a list holding it; "
                "a dotted CLAIM reads inside objects: realm_access.roles=accord-admin); empty: the provider "
                "decides nothing about administrators."
            ),
        },
    )
    debug: bool = field(
        default=False,
        metadata={"env": "ACCORD_DEBUG", "help": "Litestar debug mode (never in production)."},
    )

    def __post_init__(self) -> None:
        # Unset, the public URL is this machine's on the port served: mail links reach `make run PORT=8080`.
        if not self.public_url:
            object.__setattr__(self, "public_url", f"http://127.0.0.1:{self.port}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from the environment; explicit overrides win. Pure: it reads, never writes (an
        empty secret stays empty until `with_secret`, so `accord user --help` leaves no file behind)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            if f.type in ("bool", bool):
                values[f.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
            elif f.type in ("int", int):
                values[f.name] = int(raw)
            else:
                values[f.name] = raw
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def proxies(self) -> list[str]:
        """The trusted reverse proxies, one address or network each."""
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    @property
    def oidc_offered(self) -> str:
        """The label of the sign-in through the organisation's OpenID provider, or "" when there is none."""
        return self.oidc_label if self.oidc_issuer else ""

    def check_oidc(self) -> None:
        """Refuse a half configuration of the OpenID provider (ValueError, naming what is missing or wrong): the
        server then does not start, rather than offer a sign-in that fails for everyone."""
        named = {
            "ACCORD_OIDC_ISSUER": self.oidc_issuer,
            "ACCORD_OIDC_CLIENT_ID": self.oidc_client_id,
            "ACCORD_OIDC_CLIENT_SECRET": self.oidc_client_secret,
            "ACCORD_OIDC_LABEL": self.oidc_label,
        }
        if any(named.values()) or self.oidc_create_accounts or self.oidc_admin_claim:
            missing = [env for env, value in named.items() if not value.strip()]
            if missing:
                raise ValueError(
                    "sign-in with the organisation's accounts is half configured: set "
                    + ", ".join(missing)
                    + " too (or unset every ACCORD_OIDC_* setting)"
                )
            if not self.oidc_issuer.startswith(("https://", "http://")):
                raise ValueError(f"ACCORD_OIDC_ISSUER must be an https:// address, not {self.oidc_issuer!r}")
        claim = self.oidc_admin_claim.partition("=")[0]
        if self.oidc_admin_claim and not all(part.strip() for part in claim.split(".")):
            raise ValueError(
                f"ACCORD_OIDC_ADMIN_CLAIM must be CLAIM or CLAIM=VALUE (a dotted CLAIM reads inside objects), "
                f"not {self.oidc_admin_claim!r}"
            )

    def with_secret(self) -> Settings:
        """These settings with a secret key, for what signs things (the web app, the job worker): the one
        set, else the data folder's secret.key (made on first use), else a random one for this run."""
        if self.secret_key:
            return self
        folder = data_folder(self.database_url)
        return replace(self, secret_key=shared_secret(folder) if folder else secrets.token_hex(32))


def signing_secret(settings: Settings) -> str | None:
    """What opens the instance's signing keys: the secret key set, else the data folder's secret.key; none when it
    would be a random one for this run (a key sealed with it could never be opened again)."""
    if settings.secret_key:
        return settings.secret_key
    folder = data_folder(settings.database_url)
    return shared_secret(folder) if folder else None


def data_folder(database_url: str) -> Path | None:
    """The folder of an SQLite database file, where Accord keeps what must outlive a run."""
    if not database_url.startswith("sqlite:///"):
        return None
    path = database_url.removeprefix("sqlite:///")
    return Path(path).parent if path and path != ":memory:" else None


def shared_secret(folder: Path) -> str:
    """The key in `folder`/secret.key, made on first use. Several workers starting at once agree:
    each writes a candidate, and only the first link to the final name succeeds."""
    final = folder / "secret.key"
    if not final.exists():
        folder.mkdir(parents=True, exist_ok=True)
        candidate = folder / f".secret.key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(candidate, final)
        except FileExistsError:
            pass
        finally:
            candidate.unlink()
    return final.read_text().strip()


def var_folder(settings: Settings) -> Path:
    """Where Accord keeps its own files: beside an SQLite database, else var/ in the project."""
    return data_folder(settings.database_url) or ROOT / "var"


def renders_folder(settings: Settings) -> Path:
    return var_folder(settings) / "renders"


def mail_folder(settings: Settings) -> Path:
    return Path(settings.mail_dir) if settings.mail_dir else var_folder(settings) / "mail"


def documented_settings() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for each setting, for the README and `accord --help`."""
    return [(f.metadata["env"], str(f.default), f.metadata["help"]) for f in fields(Settings)]
