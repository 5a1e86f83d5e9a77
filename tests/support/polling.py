"""Polling helpers live in citycomm_dev.polling (benchmarks use them too); re-exported for tests."""

from citycomm_dev.polling import async_wait_for, wait_for

__all__ = ["async_wait_for", "wait_for"]
