"""A webhook receiver for benchmarks: notes when each inquiry's first webhook arrived."""

from __future__ import annotations

import json
import sys
import time

import uvicorn
from fastapi import FastAPI, Request, Response


def create() -> FastAPI:
    arrivals: dict[str, float] = {}
    api = FastAPI()

    @api.post("/webhooks")
    async def receive(request: Request) -> Response:
        body = json.loads(await request.body())
        inquiry = body["data"].get("inquiry_id")  # digests and reports concern no one inquiry
        if inquiry:
            arrivals.setdefault(inquiry, time.time())
        return Response(status_code=204)

    @api.get("/arrivals")
    async def listing() -> dict[str, float]:
        return arrivals

    return api


if __name__ == "__main__":
    uvicorn.run(create(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
                access_log=False)
