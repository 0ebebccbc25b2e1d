"""Submissions: what delegations propose in a window the committee opens, compiled "in full as submitted" into a
compilation text, and the provenance of each paragraph of the text streamlined from it."""
