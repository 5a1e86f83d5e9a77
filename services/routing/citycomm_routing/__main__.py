"""Start routing: `citycomm-routing` (settings from CITYCOMM_* variables)."""

from __future__ import annotations

from citycomm_common.settings import load_settings
from citycomm_common.telemetry import configure_telemetry
from citycomm_common.worker import run_worker
from citycomm_routing import bootstrap
from citycomm_routing.app import create_app
from citycomm_routing.settings import RoutingSettings


def main() -> None:
    settings = load_settings(RoutingSettings)
    configure_telemetry("routing", settings)
    run_worker(create_app(bootstrap.build(settings)), settings)


if __name__ == "__main__":
    main()
