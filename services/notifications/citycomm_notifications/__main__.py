"""Start notifications: `citycomm-notifications` (settings from CITYCOMM_* variables)."""

from __future__ import annotations

from citycomm_common.settings import load_settings
from citycomm_common.telemetry import configure_telemetry
from citycomm_common.worker import run_worker
from citycomm_notifications.app import create_app
from citycomm_notifications.settings import NotificationsSettings


def main() -> None:
    settings = load_settings(NotificationsSettings)
    configure_telemetry("notifications", settings)
    run_worker(create_app(settings), settings)


if __name__ == "__main__":
    main()
