"""Webhooks carry links to a submission's attachments, never the bytes: signed when each attempt
is sent (a retry or a replayed dead letter gets a fresh link), valid for a short while."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from citycomm_common.attachment_links import signed_link
from citycomm_common.clock import Clock


@dataclass(frozen=True)
class AttachmentLinks:
    secret: bytes
    base_url: str  # intake as agencies reach it
    valid_for: timedelta
    clock: Clock

    def link(self, attachment_id: str) -> str:
        return signed_link(self.secret, self.base_url, attachment_id, self.clock.now() + self.valid_for)

    def fill(self, body: str) -> str:
        """The webhook body with a fresh `link` on each stored attachment (`id` set), else as it is."""
        if '"attachments"' not in body:
            return body
        message = json.loads(body)
        data = message.get("data")
        items = data.get("attachments") if isinstance(data, dict) else None
        stored = [item for item in items or [] if isinstance(item, dict) and item.get("id")]
        if not stored:
            return body
        for item in stored:
            item["link"] = self.link(str(item["id"]))
        return json.dumps(message, ensure_ascii=False, separators=(",", ":"))
