"""`ACCORD_STORAGE_URL` read into an object store: bucket, prefix, endpoint, region, addressing and
credentials, and a clear refusal of anything else (no connection is made)."""

from __future__ import annotations

import pytest

from workspace.store.objects import ObjectStore


def test_a_full_url_names_bucket_prefix_endpoint_region_and_credentials():
    store = ObjectStore.from_url(
        "s3://KEY%2F1:se%40cret@Accord-Files/prod/pub/?endpoint=http://127.0.0.1:9000&region=eu-west-3"
    )
    assert (store.bucket, store.prefix) == ("Accord-Files", "prod/pub/")
    assert store.key("ab" * 32) == f"prod/pub/sha256/{'ab' * 32}"
    assert store.client.meta.endpoint_url == "http://127.0.0.1:9000" and store.client.meta.region_name == "eu-west-3"
    assert store.client.meta.config.s3["addressing_style"] == "path"  # what MinIO and the others want
    credentials = store.client._request_signer._credentials
    assert (credentials.access_key, credentials.secret_key) == ("KEY/1", "se@cret")


def test_a_bare_bucket_uses_the_standard_aws_chain(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "from-env")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    store = ObjectStore.from_url("s3://accord?region=us-east-1")
    assert (store.bucket, store.prefix, store.key("0" * 64)) == ("accord", "", "sha256/" + "0" * 64)
    assert store.client.meta.config.s3["addressing_style"] == "auto"
    assert store.client._request_signer._credentials.access_key == "from-env"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://bucket/prefix", "s3://BUCKET"),
        ("s3://", "s3://BUCKET"),
        ("s3:///prefix", "s3://BUCKET"),
        ("s3://bucket?endpont=http://x", "unknown option endpont"),
        ("s3://bucket?addressing=dns", "addressing is path"),
    ],
)
def test_a_malformed_url_is_refused_saying_why(url, says):
    with pytest.raises(ValueError, match=says):
        ObjectStore.from_url(url)
