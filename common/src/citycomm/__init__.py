"""Generated from proto/: do not edit; run `make proto`."""
