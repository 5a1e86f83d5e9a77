"""The demo agency inbox: receives CityComm webhooks, verifies their signatures, lists them on a page."""

from __future__ import annotations

import html
import json
import os
from collections import OrderedDict
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from standardwebhooks import Webhook, WebhookVerificationError

MAX_KEPT = 500


def create_inbox(secret: str) -> FastAPI:
    verifier = Webhook(secret)
    received: OrderedDict[str, dict[str, Any]] = OrderedDict()
    api = FastAPI(title="CityComm demo agency inbox")

    @api.post("/webhooks", status_code=204)
    async def receive(request: Request) -> Response:
        payload = await request.body()
        try:
            message = verifier.verify(payload, dict(request.headers))
        except WebhookVerificationError as exc:
            raise HTTPException(401, f"signature rejected: {exc}") from exc
        webhook_id = request.headers["webhook-id"]
        if webhook_id not in received:  # receivers deduplicate on webhook-id
            received[webhook_id] = {"webhook_id": webhook_id, "verified": True, **message}
            while len(received) > MAX_KEPT:
                received.popitem(last=False)
        return Response(status_code=204)

    @api.get("/api/received")
    async def listing() -> list[dict[str, Any]]:
        return list(reversed(received.values()))

    @api.get("/", response_class=HTMLResponse)
    async def page() -> str:
        rows = "".join(
            f"<tr><td>{html.escape(m['type'])}</td><td>{html.escape(m['timestamp'])}</td>"
            f"<td><code>{html.escape(m['webhook_id'])}</code></td><td>✔ signature verified</td>"
            f"<td><pre>{html.escape(json.dumps(m['data'], ensure_ascii=False, indent=1))}</pre></td></tr>"
            for m in reversed(received.values())
        )
        return (
            "<!doctype html><meta charset=utf-8><meta http-equiv=refresh content=3>"
            "<title>Demo agency inbox</title><h1>Demo agency inbox</h1>"
            f"<p>{len(received)} webhook(s) received, newest first.</p>"
            "<table border=1 cellpadding=4><tr><th>type</th><th>timestamp</th><th>webhook-id</th>"
            f"<th>check</th><th>data</th></tr>{rows}</table>"
        )

    return api


def main() -> None:
    import uvicorn

    secret = os.environ["CITYCOMM_DEMO_INBOX_SECRET"]
    port = int(os.environ.get("CITYCOMM_DEMO_INBOX_PORT", "8090"))
    uvicorn.run(create_inbox(secret), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
