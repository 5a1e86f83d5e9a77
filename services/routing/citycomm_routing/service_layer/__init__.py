"""Routing's use cases: the only thing its agents, timer and HTTP routers call."""
