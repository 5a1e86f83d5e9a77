"""Wires notifications' pieces from its settings and configuration data."""

from __future__ import annotations

from dataclasses import dataclass

from citycomm_common.clock import Clock, SystemClock
from citycomm_common.directory import Directory, load_directory
from citycomm_notifications.adapters.secrets import SecretStore
from citycomm_notifications.adapters.webhooks import WebhookClient
from citycomm_notifications.settings import NotificationsSettings


@dataclass(frozen=True)
class Dependencies:
    directory: Directory
    secrets: SecretStore
    webhooks: WebhookClient
    clock: Clock


def build(settings: NotificationsSettings, clock: Clock | None = None) -> Dependencies:
    return Dependencies(
        directory=load_directory(settings.config_dir / "directory.yaml"),
        secrets=SecretStore(settings.webhook_secrets_dir),
        webhooks=WebhookClient(settings.webhook_connect_timeout, settings.webhook_read_timeout),
        clock=clock or SystemClock(),
    )
