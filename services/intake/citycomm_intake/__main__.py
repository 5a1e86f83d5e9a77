"""Start intake: `citycomm-intake [serve]`, or manage keys: `citycomm-intake keys create|revoke|list`."""

from __future__ import annotations

import sys

import uvicorn

from citycomm_common.broker_wait import wait_for_broker_before_start
from citycomm_common.http_server import uvicorn_options
from citycomm_common.settings import load_settings
from citycomm_common.telemetry import configure_telemetry
from citycomm_intake.entrypoints.cli import manage, parser
from citycomm_intake.entrypoints.http import create_api
from citycomm_intake.settings import IntakeSettings


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    settings = load_settings(IntakeSettings)
    if args.command == "keys":
        sys.exit(manage(args, settings))
    configure_telemetry("intake", settings)
    wait_for_broker_before_start(settings)  # quietly: a broker that is not up yet is no error
    # One event loop: uvicorn's lifespan starts the gRPC server beside the HTTP one.
    uvicorn.run(
        create_api(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        timeout_graceful_shutdown=10,
        **uvicorn_options(settings),
    )


if __name__ == "__main__":
    main()
