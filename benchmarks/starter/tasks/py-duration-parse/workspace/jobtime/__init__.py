"""Durations for the job scheduler's command line and reports."""
