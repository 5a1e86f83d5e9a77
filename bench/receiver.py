"""A webhook receiver for benchmarks: when each inquiry's first webhook arrived; webhooks by type."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter

import uvicorn
from fastapi import FastAPI, Request, Response


def create() -> FastAPI:
    arrivals: dict[str, float] = {}
    by_type: Counter[str] = Counter()
    api = FastAPI()

    @api.post("/webhooks")
    async def receive(request: Request) -> Response:
        body = json.loads(await request.body())
        by_type[body.get("type", "?")] += 1
        inquiry = body["data"].get("inquiry_id")  # digests and reports concern no one inquiry
        if inquiry:
            arrivals.setdefault(inquiry, time.time())
        return Response(status_code=204)

    @api.get("/arrivals")
    async def listing() -> dict[str, float]:
        return arrivals

    @api.get("/types")
    async def types() -> dict[str, int]:
        return dict(by_type)

    return api


if __name__ == "__main__":
    uvicorn.run(create(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
                access_log=False)
