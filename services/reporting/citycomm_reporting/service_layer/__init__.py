"""Reporting's use cases: projecting events, look-ups, figures, reports; all the entrypoints call."""
