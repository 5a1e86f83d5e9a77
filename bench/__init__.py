"""Benchmarks: each measures a CityComm path against a baseline measured in the same run."""
