"""The unsubscribe link of every message to a submitter: public, rate-limited, in Vietnamese (and
English). GET shows a confirmation button (mail scanners follow links); POST, from the button or
a mail client's one-click (RFC 8058), stops the notices."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from citycomm_common.clients import client_key
from citycomm_notifications.domain.submitter_optout import BadToken
from citycomm_notifications.service_layer.submitter_notices import SubmitterNotices

TOKEN = Path(min_length=20, max_length=400, pattern=r"^[A-Za-z0-9_.-]+$")
GLOBAL_PER_MINUTE = 600  # all clients together: the page is cheap, but bounded

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
<body style="font-family: sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem;
line-height: 1.5">
<h1>{title}</h1>{body}</body></html>"""


def _page(status: int, title: str, body: str) -> HTMLResponse:
    return HTMLResponse(PAGE.format(title=escape(title), body=body), status_code=status,
                        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                                 "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                 "form-action 'self'"})


def unsubscribe_router(notices: SubmitterNotices, per_minute: int) -> APIRouter:
    router = APIRouter(tags=["submitters"])
    limiter = MovingWindowRateLimiter(MemoryStorage())
    per_client, overall = RateLimitItemPerMinute(per_minute), RateLimitItemPerMinute(GLOBAL_PER_MINUTE)

    async def allowed(request: Request) -> bool:
        # uvicorn has put the real client here when a trusted proxy said so (uvicorn_options)
        client = client_key(request.client.host) if request.client else "unknown"
        return (await limiter.hit(overall, "unsubscribe")
                and await limiter.hit(per_client, "unsubscribe", client))

    def busy() -> HTMLResponse:
        response = _page(429, "Quá nhiều yêu cầu", (
            "<p>Vui lòng thử lại sau một phút.</p>"
            "<p lang=\"en\">Too many requests: try again in a minute.</p>"))
        response.headers["Retry-After"] = "60"
        return response

    def bad() -> HTMLResponse:
        return _page(400, "Liên kết không hợp lệ", (
            "<p>Liên kết hủy nhận thông báo không đúng hoặc đã bị thay đổi.</p>"
            "<p lang=\"en\">This unsubscribe link is not valid.</p>"))

    @router.get("/v1/unsubscribe/{token}", response_class=HTMLResponse, include_in_schema=False)
    async def confirm(request: Request, token: str = TOKEN) -> HTMLResponse:
        if not await allowed(request):
            return busy()
        try:
            notices.check_token(token)
        except BadToken:
            return bad()
        return _page(200, "Ngừng nhận thông báo", (
            "<p>Bạn sẽ không nhận thêm thư, tin nhắn SMS hay Zalo nào về phản ánh của mình "
            "tại địa chỉ này.</p>"
            "<form method=\"post\"><button type=\"submit\">Ngừng nhận thông báo</button></form>"
            "<p lang=\"en\">Stop all e-mail, SMS and Zalo notices to this address: press the button.</p>"))

    @router.post("/v1/unsubscribe/{token}", response_class=HTMLResponse, include_in_schema=False)
    async def unsubscribe(request: Request, token: str = TOKEN) -> HTMLResponse:
        if not await allowed(request):
            return busy()
        try:
            notices.unsubscribe(token)
        except BadToken:
            return bad()
        return _page(200, "Đã ngừng nhận thông báo", (
            "<p>Bạn sẽ không nhận thêm thông báo nào tại địa chỉ này. Bạn vẫn có thể tra cứu phản ánh "
            "bằng mã tra cứu.</p><p lang=\"en\">You will receive no more notices at this address. "
            "You can still follow your submission with its tracking code.</p>"))

    return router
