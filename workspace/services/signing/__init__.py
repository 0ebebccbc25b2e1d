"""The instance's signing keys (issue 64): made, rotated, listed and published; what signs a publication's manifest
(services.publication.manifests) and the activity record's checkpoints."""

from .keys import KeyView, init_key, list_keys, rotate_key

__all__ = ["KeyView", "init_key", "list_keys", "rotate_key"]
