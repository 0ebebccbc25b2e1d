"""Telling people by mail: who hears of what, when (at once or in digests), and the delivery."""
