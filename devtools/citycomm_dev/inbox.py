"""The demo agency inbox: receives CityComm webhooks (and, in its "E-mail" section, the mails the
embedded SMTP server took for submitters), verifies their signatures, lists them on a page,
and keeps every request as it arrived (headers and body bytes), so a developer can verify one with
the official `standardwebhooks` library and the signing secret `make run` prints."""

from __future__ import annotations

import base64
import html
import json
import os
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from standardwebhooks import Webhook, WebhookVerificationError

from citycomm_dev.mail_server import DemoMailbox, mail_section, start_mail_server

MAX_KEPT = 500


def raw_attempt(request: Request, body: bytes, error: str | None) -> dict[str, Any]:
    """One request as it arrived: header pairs in order, the body's bytes (base64, and as text)."""
    return {
        "received_at": datetime.now(UTC).isoformat(),
        "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in request.headers.raw],
        "body_base64": base64.b64encode(body).decode(),
        "body": body.decode("utf-8", errors="replace"),
        "verified": error is None,
        "error": error,
    }


def _keep(store: OrderedDict[str, Any], key: str, value: Any) -> None:
    store[key] = value
    while len(store) > MAX_KEPT:
        store.popitem(last=False)


def create_inbox(secret: str, mailbox: DemoMailbox | None = None) -> FastAPI:
    verifier = Webhook(secret)
    received: OrderedDict[str, dict[str, Any]] = OrderedDict()
    raw: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()  # every attempt, refused ones too
    api = FastAPI(title="CityComm demo agency inbox")

    @api.post("/webhooks", status_code=204)
    async def receive(request: Request) -> Response:
        payload = await request.body()
        webhook_id = request.headers.get("webhook-id") or f"no-webhook-id-{len(raw)}"
        try:
            message = verifier.verify(payload, dict(request.headers))
        except WebhookVerificationError as exc:
            _keep(raw, webhook_id, [*raw.pop(webhook_id, []), raw_attempt(request, payload, str(exc))])
            raise HTTPException(401, f"signature rejected: {exc}") from exc
        _keep(raw, webhook_id, [*raw.pop(webhook_id, []), raw_attempt(request, payload, None)])
        if webhook_id not in received:  # receivers deduplicate on webhook-id
            _keep(received, webhook_id, {"webhook_id": webhook_id, "verified": True, **message})
        return Response(status_code=204)

    @api.get("/api/received")
    async def listing() -> list[dict[str, Any]]:
        return list(reversed(received.values()))

    @api.get("/api/received/{webhook_id}/raw")
    async def raw_requests(webhook_id: str) -> dict[str, Any]:
        """Every request that carried this webhook-id, oldest first, exactly as it arrived."""
        if webhook_id not in raw:
            raise HTTPException(404, f"no request with webhook-id {webhook_id!r} (of the last {MAX_KEPT})")
        return {"webhook_id": webhook_id, "attempts": raw[webhook_id]}

    @api.get("/api/mail")
    async def mail() -> list[dict[str, Any]]:
        """What the embedded SMTP server received for submitters, oldest first."""
        return mailbox.messages() if mailbox is not None else []

    @api.get("/", response_class=HTMLResponse)
    async def page() -> str:
        rows = "".join(
            f"<tr><td>{html.escape(m['type'])}</td><td>{html.escape(m['timestamp'])}</td>"
            f"<td><code>{html.escape(m['webhook_id'])}</code></td><td>✔ signature verified</td>"
            f"<td><a href='/api/received/{html.escape(m['webhook_id'])}/raw'>as received</a></td>"
            f"<td><pre>{html.escape(json.dumps(m['data'], ensure_ascii=False, indent=1))}</pre></td></tr>"
            for m in reversed(received.values())
        )
        refused = sum(1 for attempts in raw.values() for a in attempts if not a["verified"])
        return (
            "<!doctype html><meta charset=utf-8><meta http-equiv=refresh content=3>"
            "<title>Demo agency inbox</title><h1>Demo agency inbox</h1>"
            f"<p>{len(received)} webhook(s) received, newest first; {refused} request(s) refused"
            " (bad signature: see /api/received/{webhook-id}/raw).</p>"
            "<table border=1 cellpadding=4><tr><th>type</th><th>timestamp</th><th>webhook-id</th>"
            f"<th>check</th><th>raw</th><th>data</th></tr>{rows}</table>"
            + (mail_section(mailbox) if mailbox is not None else "")
        )

    return api


def main() -> None:
    import uvicorn

    secret = os.environ["CITYCOMM_DEMO_INBOX_SECRET"]
    port = int(os.environ.get("CITYCOMM_DEMO_INBOX_PORT", "8090"))
    mailbox = DemoMailbox()
    smtp = os.environ.get("CITYCOMM_DEMO_SMTP_PORT")
    if smtp:  # the embedded SMTP server, before the page answers (the stack waits for it)
        start_mail_server(int(smtp), mailbox)
    uvicorn.run(create_inbox(secret, mailbox), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
