"""Backups that restore: `accord backup FILE` and `accord restore FILE` (writing.py, reading.py)."""

from .manifest import BackupRefused, Manifest, counts_said
from .reading import Restored, read_archive, restore_backup
from .writing import write_backup

__all__ = ["BackupRefused", "Manifest", "Restored", "counts_said", "read_archive", "restore_backup", "write_backup"]
