"""A real S3 server for the tests: moto's server mode in a subprocess on a free loopback port, and a
fresh bucket per test, named by the `ACCORD_STORAGE_URL` that points at it."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from tests.e2e.server import free_port

KEY_ID, SECRET = "accordtest", "accord-test-secret"


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = Path(tmp_path_factory.mktemp("moto")) / "moto.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto's S3 server did not start:\n{log.read_text()[-2000:]}") from None
                time.sleep(0.02)  # a refused connection costs nothing: the tests start as soon as it listens
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def s3_client(endpoint: str):  # type: ignore[no-untyped-def]
    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET
    )


@pytest.fixture
def storage_url(s3_endpoint: str) -> str:
    """A new, empty bucket; the URL names it with a prefix, the endpoint and credentials."""
    bucket = f"accord-{uuid.uuid4().hex[:12]}"
    s3_client(s3_endpoint).create_bucket(Bucket=bucket)
    return f"s3://{KEY_ID}:{SECRET}@{bucket}/publications?endpoint={s3_endpoint}&region=us-east-1"
