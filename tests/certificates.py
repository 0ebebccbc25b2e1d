"""A self-signed certificate for a test's own servers and seals, as cryptography's builder makes one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes


def self_signed(
    key: CertificateIssuerPrivateKeyTypes,
    name: x509.Name,
    valid: tuple[timedelta, timedelta],
    *extensions: tuple[x509.ExtensionType, bool],
) -> x509.Certificate:
    """`key`'s certificate for `name`, signed by itself, valid between now + valid[0] and now + valid[1], with each
    (extension, critical) of `extensions`."""
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + valid[0])
        .not_valid_after(now + valid[1])
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(key, hashes.SHA256())
