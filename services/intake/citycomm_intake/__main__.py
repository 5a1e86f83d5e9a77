"""Start intake: `citycomm-intake` (settings from CITYCOMM_* variables)."""

from __future__ import annotations

import uvicorn

from citycomm_common.settings import load_settings
from citycomm_common.metrics import measure_http, metrics_router
from citycomm_common.telemetry import configure_telemetry, instrument_api
from citycomm_intake.entrypoints.http import create_api
from citycomm_intake.settings import IntakeSettings


def main() -> None:
    settings = load_settings(IntakeSettings)
    configure_telemetry("intake", settings)
    api = create_api(settings)
    instrument_api(api)
    api.middleware("http")(measure_http)
    api.include_router(metrics_router())
    uvicorn.run(api, host=settings.http_host, port=settings.http_port,
                log_config=None, timeout_graceful_shutdown=10)


if __name__ == "__main__":
    main()
