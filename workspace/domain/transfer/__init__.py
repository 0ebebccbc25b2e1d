"""The plain files of a process folder (drafts/): the process, its sessions and recommendations,
amendments, threads, statuses and publications, read and written canonically."""
