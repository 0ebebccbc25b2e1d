"""A process as a folder of plain files (the drafts/ format): import and export."""

from .folders import ImportReport, ProcessFolder, export_folder, import_folder, read_folder

__all__ = ["ImportReport", "ProcessFolder", "export_folder", "import_folder", "read_folder"]
