"""Settings come from the environment, each one documented."""

from __future__ import annotations

import dataclasses
import threading

import pytest

from workspace.settings import DEFAULT_DATABASE_URL, ROOT, Settings, documented_settings

FIELDS = dataclasses.fields(Settings)
ENV = {
    "ACCORD_DATABASE_URL": "postgresql://accord@db:5432/accord",
    "ACCORD_SECRET_KEY": "s3cret-s3cret-s3cret",
    "ACCORD_MAX_BODY_BYTES": "4096",
    "ACCORD_DEFAULT_LOCALE": "fr",
    "ACCORD_SECURE_COOKIES": "true",
    "ACCORD_WEBHOOKS_PRIVATE": "true",
    "ACCORD_PDF_SEAL": "/srv/accord/uclg-seal.p12",
    "ACCORD_PDF_SEAL_PASSWORD": "p12-password",
    "ACCORD_DEBUG": "1",
    "ACCORD_THREADS": "8",
    "ACCORD_REDIS_URL": "redis://cache:6379/2",
    "ACCORD_STREAM_SECONDS": "60",
    "ACCORD_SHUTDOWN_SECONDS": "20",
    "ACCORD_STORAGE_URL": "s3://accord-files/prod?endpoint=http://minio:9000&region=us-east-1",
    "ACCORD_PORT": "8080",
    "ACCORD_PUBLIC_URL": "https://accord.example.org",
    "ACCORD_SMTP_URL": "smtp://accord:pw@mail:587?starttls=true",
    "ACCORD_MAIL_FROM": "CGLU <no-reply@uclg.example.org>",
    "ACCORD_MAIL_DIR": "/srv/accord/mail",
    "ACCORD_QUEUE_URL": "redis://cache:6379/3",
    "ACCORD_MAIL_RETRY_SECONDS": "5",
    "ACCORD_JOBS_IN_PROCESS": "false",
    "ACCORD_JOB_LEASE_SECONDS": "30",
    "ACCORD_MACHINE": "libretranslate",
    "ACCORD_MACHINE_URL": "http://translate:5000",
    "ACCORD_TRUSTED_PROXIES": "10.0.0.1, 10.1.0.0/16",
    "ACCORD_RENDER_CACHE_BYTES": "1048576",
    "ACCORD_METRICS_TOKEN": "prometheus-reads-this",
    "ACCORD_OIDC_ISSUER": "https://login.microsoftonline.com/0000-tenant/v2.0",
    "ACCORD_OIDC_CLIENT_ID": "accord-client",
    "ACCORD_OIDC_CLIENT_SECRET": "accord-client-secret",
    "ACCORD_OIDC_LABEL": "UCLG account",
    "ACCORD_OIDC_CREATE_ACCOUNTS": "yes",
    "ACCORD_OIDC_ADMIN_CLAIM": "roles=Accord.Admin",
}


def test_from_env_reads_every_variable():
    settings = Settings.from_env(ENV)
    assert settings == Settings(
        database_url="postgresql://accord@db:5432/accord",
        secret_key="s3cret-s3cret-s3cret",
        max_body_bytes=4096,
        default_locale="fr",
        secure_cookies=True,
        webhooks_private=True,
        pdf_seal="/srv/accord/uclg-seal.p12",
        pdf_seal_password="p12-password",
        debug=True,
        threads=8,
        redis_url="redis://cache:6379/2",
        stream_seconds=60,
        shutdown_seconds=20,
        storage_url="s3://accord-files/prod?endpoint=http://minio:9000&region=us-east-1",
        port=8080,
        public_url="https://accord.example.org",
        smtp_url="smtp://accord:pw@mail:587?starttls=true",
        mail_from="CGLU <no-reply@uclg.example.org>",
        mail_dir="/srv/accord/mail",
        queue_url="redis://cache:6379/3",
        mail_retry_seconds=5,
        jobs_in_process=False,
        job_lease_seconds=30,
        machine="libretranslate",
        machine_url="http://translate:5000",
        trusted_proxies="10.0.0.1, 10.1.0.0/16",
        render_cache_bytes=1048576,
        metrics_token="prometheus-reads-this",
        oidc_issuer="https://login.microsoftonline.com/0000-tenant/v2.0",
        oidc_client_id="accord-client",
        oidc_client_secret="accord-client-secret",
        oidc_label="UCLG account",
        oidc_create_accounts=True,
        oidc_admin_claim="roles=Accord.Admin",
    )
    assert settings.proxies == ["10.0.0.1", "10.1.0.0/16"]
    assert Settings().proxies == []


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
def test_each_variable_sets_its_own_field_only(field):
    settings = Settings.from_env({field.metadata["env"]: ENV[field.metadata["env"]]}, secret_key="fixed")
    defaults = Settings(secret_key="fixed")
    changed = {f.name for f in FIELDS if getattr(settings, f.name) != getattr(defaults, f.name)}
    also = {"port": {"public_url"}}.get(field.name, set())  # an unset public URL follows the port
    assert changed == ({field.name, *also} if field.name != "secret_key" else set())


def test_an_unset_public_url_follows_the_port_and_a_set_one_is_kept():
    assert Settings.from_env({}).public_url == "http://127.0.0.1:8000"
    assert Settings.from_env({"ACCORD_PORT": "8080"}).public_url == "http://127.0.0.1:8080"
    assert Settings.from_env({"ACCORD_PORT": "8080", "ACCORD_PUBLIC_URL": ""}).public_url == "http://127.0.0.1:8080"
    given = {"ACCORD_PORT": "8080", "ACCORD_PUBLIC_URL": "https://accord.example.org"}
    assert Settings.from_env(given).public_url == "https://accord.example.org"
    assert Settings(port=9000).public_url == "http://127.0.0.1:9000"


def test_defaults_without_environment():
    settings = Settings.from_env({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.max_body_bytes == 2 * 1024 * 1024
    assert settings.default_locale == "en"
    assert settings.secure_cookies is False and settings.debug is False


def test_reading_the_settings_writes_nothing_and_leaves_an_unset_secret_empty(tmp_path):
    env = {"ACCORD_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'accord.db'}"}
    assert Settings.from_env(env).secret_key == ""
    assert list(tmp_path.iterdir()) == []


def test_a_secret_that_is_set_is_kept_and_nothing_is_written(tmp_path):
    settings = Settings.from_env({"ACCORD_DATABASE_URL": f"sqlite:///{tmp_path / 'accord.db'}"}, secret_key="given")
    assert settings.with_secret() is settings
    assert list(tmp_path.iterdir()) == []


def test_without_a_data_folder_an_empty_secret_is_random_per_run():
    pg = {"ACCORD_DATABASE_URL": "postgresql://accord@db:5432/accord"}
    first, second = (
        Settings.from_env(pg).with_secret(),
        Settings.from_env({**pg, "ACCORD_SECRET_KEY": ""}).with_secret(),
    )
    assert len(first.secret_key) >= 32 and len(second.secret_key) >= 32
    assert first.secret_key != second.secret_key
    assert first.database_url == pg["ACCORD_DATABASE_URL"]


def test_beside_an_sqlite_database_an_empty_secret_is_made_once_and_kept(tmp_path):
    env = {"ACCORD_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'accord.db'}"}
    keys = set()

    def start() -> None:  # many workers starting at the same instant
        keys.add(Settings.from_env(env).with_secret().secret_key)

    threads = [threading.Thread(target=start) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(keys) == 1 and len(keys.pop()) >= 32
    key = tmp_path / "data" / "secret.key"
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in key.parent.iterdir()) == ["secret.key"]
    assert Settings.from_env(env).with_secret().secret_key == key.read_text().strip()  # the next run too


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("TRUE", True),
        (" yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("nope", False),
    ],
)
def test_booleans_are_read_leniently(raw, expected):
    assert Settings.from_env({"ACCORD_DEBUG": raw}).debug is expected


def test_explicit_overrides_win_over_the_environment():
    settings = Settings.from_env(ENV, database_url="sqlite:///x.db", max_body_bytes=1000)
    assert settings.database_url == "sqlite:///x.db"
    assert settings.max_body_bytes == 1000
    assert settings.default_locale == "fr"


def test_a_non_number_for_a_number_setting_is_an_error():
    with pytest.raises(ValueError):
        Settings.from_env({"ACCORD_MAX_BODY_BYTES": "two megabytes"})


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().debug = True  # type: ignore[misc]


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
def test_every_setting_has_an_environment_variable_and_help(field):
    assert field.metadata.get("env", "").startswith("ACCORD_")
    assert len(field.metadata.get("help", "")) > 10


def test_environment_variables_are_unique():
    names = [f.metadata["env"] for f in FIELDS]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
def test_every_setting_is_documented_in_the_readme(field):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{field.metadata['env']}`" in readme


def test_documented_settings_lists_every_field():
    assert [env for env, _, _ in documented_settings()] == [f.metadata["env"] for f in FIELDS]


def test_a_command_that_signs_nothing_writes_no_secret(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from workspace.cli import main

    monkeypatch.delenv("ACCORD_SECRET_KEY", raising=False)
    monkeypatch.setenv("ACCORD_DATABASE_URL", f"sqlite:///{tmp_path / 'accord.db'}")
    result = CliRunner().invoke(main, ["user", "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    assert list(tmp_path.iterdir()) == []
