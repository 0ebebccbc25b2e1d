"""Submissions: windows, delegations' proposals, their compilation, and a version's provenance (issue 33)."""

from .provenance import provenance_csv, version_provenance
from .submissions import (
    compile_submissions,
    list_submissions,
    list_windows,
    open_window,
    render_submission,
    submission_counts,
    submit,
    submit_file,
)
from .views import CompilationView, ProvenanceView, SubmissionView, WentView, WindowView

__all__ = [
    "CompilationView",
    "ProvenanceView",
    "SubmissionView",
    "WentView",
    "WindowView",
    "compile_submissions",
    "list_submissions",
    "list_windows",
    "open_window",
    "provenance_csv",
    "render_submission",
    "submission_counts",
    "submit",
    "submit_file",
    "version_provenance",
]
