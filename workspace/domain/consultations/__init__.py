"""Consultations: the validated values of a process, its sessions and recommendations."""
