"""Intake's use cases: the only thing its entrypoints (REST, Open311, gRPC, the key CLI) call."""
