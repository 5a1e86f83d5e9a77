"""The submitter channels settings switch on: e-mail when an SMTP host is set, SMS and Zalo ZNS when
their provider's URL is."""

from __future__ import annotations

from citycomm_notifications.adapters.mail_channel import MailChannel
from citycomm_notifications.adapters.sms_channel import SmsChannel
from citycomm_notifications.adapters.zalo_channel import ZaloChannel
from citycomm_notifications.service_layer.submitter_channels import Channel
from citycomm_notifications.settings import NotificationsSettings


def channels_from(settings: NotificationsSettings) -> dict[str, Channel]:
    found: dict[str, Channel] = {}
    if settings.smtp_host:
        found["email"] = MailChannel(host=settings.smtp_host, port=settings.smtp_port,
                                     sender=settings.mail_from,
                                     username=settings.smtp_username,
                                     password=settings.smtp_password.get_secret_value(),
                                     starttls=settings.smtp_starttls, timeout=settings.webhook_read_timeout)
    if settings.sms_url:
        found["sms"] = SmsChannel(settings.sms_url, settings.sms_api_key.get_secret_value(),
                                  settings.sms_brand,
                                  timeout=settings.webhook_read_timeout)
    if settings.zalo_zns_url:
        found["zalo"] = ZaloChannel(settings.zalo_zns_url, settings.zalo_access_token.get_secret_value(),
                                    settings.zalo_template_ids, timeout=settings.webhook_read_timeout)
    return found
