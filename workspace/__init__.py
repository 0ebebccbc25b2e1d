"""Accord: a workspace for drafting trilingual declarations out of consultations."""

__version__ = "0.1.0"
