"""Start intake: `citycomm-intake [serve]`, or manage keys: `citycomm-intake keys create|revoke|list`."""

from __future__ import annotations

import sys

from citycomm_common.settings import load_settings
from citycomm_intake.app import serve
from citycomm_intake.entrypoints.cli import manage, parser
from citycomm_intake.settings import IntakeSettings


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    settings = load_settings(IntakeSettings)
    if args.command == "keys":
        sys.exit(manage(args, settings))
    serve(settings)


if __name__ == "__main__":
    main()
