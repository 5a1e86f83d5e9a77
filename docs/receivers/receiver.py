"""A minimal CityComm webhook receiver: Python standard library + the official `standardwebhooks`.

    pip install standardwebhooks==1.1.0
    CITYCOMM_WEBHOOK_SECRET=whsec_... python receiver.py 8080

Verifies the signature over the exact bytes received (never re-serialised JSON), refuses stale
timestamps (the library's 5-minute tolerance), deduplicates on webhook-id, answers 204 at once and
leaves the work to a queue. tests/unit/test_webhook_receivers.py runs this file as it is.
"""

from __future__ import annotations

import json
import os
import queue
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError

VERIFIER = Webhook(os.environ["CITYCOMM_WEBHOOK_SECRET"])
SEEN: set[str] = set()  # in production: a table with a unique key on webhook-id, kept a few days
WORK: queue.Queue[dict[str, object]] = queue.Queue()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            message = VERIFIER.verify(body, headers)
        except WebhookVerificationError:
            self.send_response(401)
            self.end_headers()
            return
        webhook_id = headers["webhook-id"]
        if webhook_id not in SEEN:  # a retry or replay repeats the id: do the work once
            SEEN.add(webhook_id)
            WORK.put(message)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        sys.stderr.write(json.dumps({"request": format % args}) + "\n")


def serve(port: int) -> ThreadingHTTPServer:
    return ThreadingHTTPServer(("0.0.0.0", port), Receiver)  # noqa: S104 (it is a server)


if __name__ == "__main__":
    serve(int(sys.argv[1]) if len(sys.argv) > 1 else 8080).serve_forever()
