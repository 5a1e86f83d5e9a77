"""Notifications' use cases: the only thing its entrypoints and faust agents call."""
