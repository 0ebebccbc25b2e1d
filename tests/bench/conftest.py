"""Fixtures the benchmarks share with the integration tests."""

from tests.integration.conftest import fresh_store, other_databases  # noqa: F401 - a second empty database
