"""Litestar app: JSON API, server-rendered pages, auth, locale negotiation."""
