"""Scheduled and heavy jobs: a lock so that a job started on every node runs once."""
