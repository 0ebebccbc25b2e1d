"""The declaration: working draft, circulated versions, compares, history, coverage, version import."""
