"""Start reporting: `citycomm-reporting` (settings from CITYCOMM_* variables)."""

from __future__ import annotations

from citycomm_common.settings import load_settings
from citycomm_common.telemetry import configure_telemetry
from citycomm_common.worker import run_worker
from citycomm_reporting.app import create_app
from citycomm_reporting.settings import ReportingSettings


def main() -> None:
    settings = load_settings(ReportingSettings)
    configure_telemetry("reporting", settings)
    run_worker(create_app(settings), settings)


if __name__ == "__main__":
    main()
