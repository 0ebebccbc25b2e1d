"""Publication files in an S3-compatible object store (AWS S3, MinIO, Ceph, Garage …), through boto3.

Only this module imports boto3. The store is named by one URL (`ACCORD_STORAGE_URL`):

    s3://BUCKET/PREFIX?endpoint=http://127.0.0.1:9000&region=us-east-1&addressing=path
    s3://KEY_ID:SECRET@BUCKET/PREFIX          credentials in the URL (percent-encoded) …
    s3://BUCKET                               … or, without them, boto3's own chain: AWS_ACCESS_KEY_ID
                                              and AWS_SECRET_ACCESS_KEY, ~/.aws, an instance role

`endpoint` is needed for anything but AWS itself; `addressing` is `path` by default when an
endpoint is given (what MinIO and most others want), else boto3's `auto`. The bucket must exist.

Objects are named by their content (`PREFIX/sha256/<hex>`): the same bytes are kept once, and a
second upload of them (two servers storing one file at once) changes nothing. Reading one checks
its bytes against the sha256 the database keeps before anything is served.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit

from .blobs import CHUNK, checked_copy

_OPTIONS = {"endpoint", "region", "addressing"}
_ADDRESSING: dict[str, Literal["path", "virtual", "auto"]] = {"path": "path", "virtual": "virtual", "auto": "auto"}


@dataclass(frozen=True)
class ObjectStore:
    bucket: str
    prefix: str
    # A boto3 S3 client (thread-safe). Any, not boto3-stubs' S3Client: msgspec reads this dataclass's hints at
    # run time (the store is a request's dependency), and that name exists for type checkers only.
    client: Any

    @classmethod
    def from_url(cls, url: str) -> ObjectStore:
        """The store named by `url` (see the module's docstring); ValueError saying what is wrong."""
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.hostname:
            raise ValueError(f"ACCORD_STORAGE_URL must read s3://BUCKET/PREFIX?…, not {url!r}")
        options = {name: values[-1] for name, values in parse_qs(parts.query).items()}
        unknown = sorted(set(options) - _OPTIONS)
        if unknown:
            raise ValueError(
                f"ACCORD_STORAGE_URL: unknown option {', '.join(unknown)} (known: {', '.join(sorted(_OPTIONS))})"
            )
        addressing = options.get("addressing", "path" if "endpoint" in options else "auto")
        style = _ADDRESSING.get(addressing)
        if style is None:
            raise ValueError(f"ACCORD_STORAGE_URL: addressing is path, virtual or auto, not {addressing!r}")
        import boto3
        from botocore.config import Config

        # Without credentials in the URL (None), boto3's own chain finds them.
        client = boto3.session.Session().client(
            "s3",
            endpoint_url=options.get("endpoint"),
            region_name=options.get("region"),
            config=Config(s3={"addressing_style": style}, retries={"mode": "standard"}),
            aws_access_key_id=unquote(parts.username) if parts.username else None,
            aws_secret_access_key=unquote(parts.password or "") if parts.username else None,
        )
        prefix = parts.path.strip("/")
        # The bucket name is case-sensitive: urlsplit lower-cases `hostname`, so it is read from netloc.
        return cls(parts.netloc.rpartition("@")[2], f"{prefix}/" if prefix else "", client)

    def key(self, sha256: str) -> str:
        return f"{self.prefix}sha256/{sha256}"

    def put(self, path: Path, sha256: str, media_type: str) -> str:
        """Upload the file at `path` (whose bytes have this sha256); its key."""
        return self.put_at(path, self.key(sha256), media_type)

    def put_at(self, path: Path, key: str, media_type: str) -> str:
        """Upload the file at `path` under `key` (a restored backup's files keep the keys their rows name)."""
        self.client.upload_file(str(path), self.bucket, key, ExtraArgs={"ContentType": media_type})
        return key

    def remove(self, key: str) -> None:
        """Delete the object `key` (nothing happens if there is none: S3 says the same either way)."""
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def fetch(self, key: str, sha256: str) -> IO[bytes]:
        """The object's bytes, in a temporary file at its start, once they are checked against `sha256`
        (ChangedFile if they differ: nothing of them is handed out)."""
        stream = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        try:
            return checked_copy(stream.iter_chunks(CHUNK), sha256, f"s3://{self.bucket}/{key}")
        finally:
            stream.close()
