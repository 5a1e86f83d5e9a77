"""`citycomm-dev`: development commands (run the stack, generate code)."""

from __future__ import annotations

import sys


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    if command == "run":
        from citycomm_dev.run import main as run

        sys.exit(run())
    sys.exit(f"unknown command {command!r}; try: citycomm-dev run")


if __name__ == "__main__":
    main()
