"""`make bench`: run every benchmark (or those named) and print their Markdown tables."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench


def main(names: list[str]) -> None:
    available = sorted(m.name for m in pkgutil.iter_modules(bench.__path__)
                       if not m.name.startswith("_") and m.name not in {"support", "receiver", "skeleton"})
    for name in names or available:
        if name not in available:
            sys.exit(f"no benchmark {name!r}; available: {', '.join(available)}")
        module = importlib.import_module(f"bench.{name}")
        sys.stdout.write(f"\n## {name}\n\n")
        sys.stdout.flush()
        module.main()


if __name__ == "__main__":
    main(sys.argv[1:])
