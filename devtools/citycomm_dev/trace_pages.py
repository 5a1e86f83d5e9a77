"""The trace viewer's pages, Vietnamese first: recent traces, and a trace as a waterfall."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from urllib.parse import quote

from citycomm_dev.traces import Span, TraceSummary, waterfall

COLOURS = {"intake": "#1f77b4", "routing": "#2ca02c", "notifications": "#d62728", "reporting": "#9467bd"}
STYLE = ("body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}"
         "td,th{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;font-size:14px}"
         ".lane{position:relative;height:14px;background:#f4f4f4;min-width:300px}"
         ".bar{position:absolute;top:0;height:14px;border-radius:2px}small{color:#666}")
SEARCH = ("<form action='/search'><label>Mã hồ sơ hoặc mã tra cứu / Inquiry id or tracking code: "
          "<input name=q size=40 required></label> <button>Xem / Show</button></form>")


def page(title: str, body: str) -> str:
    return (f"<!doctype html><meta charset=utf-8><title>{html.escape(title)}</title><style>{STYLE}</style>"
            f"<p><a href='/'>← Dấu vết gần đây / Recent traces</a></p><h1>{html.escape(title)}</h1>{body}")


def not_found(what: str) -> str:
    return page("Không tìm thấy / Not found", f"<p>{html.escape(what)}</p>{SEARCH}")


def _moment(ns: int) -> str:
    return datetime.fromtimestamp(ns / 1e9, UTC).astimezone().strftime("%H:%M:%S.%f")[:-3]


def _inquiry_link(inquiry: str) -> str:
    return f"<a href='/inquiries/{quote(inquiry, safe='')}'><code>{html.escape(inquiry)}</code></a>"


def _recent_row(t: TraceSummary) -> str:
    began = (f"<a href='/traces/{t.trace_id}'>{html.escape(t.root)}</a> "
             f"<small>{html.escape(t.root_service)}</small>")
    inquiries = " ".join(_inquiry_link(i) for i in t.inquiries)
    return (f"<tr><td>{_moment(t.start_ns)}</td><td>{began}</td><td>{html.escape(', '.join(t.services))}</td>"
            f"<td>{t.duration_ms:.1f} ms</td><td>{inquiries}</td></tr>")


def recent_page(traces: list[TraceSummary]) -> str:
    if not traces:
        return page("Dấu vết gần đây / Recent traces",
                    SEARCH + "<p>Chưa có dấu vết nào. / No trace yet: send an inquiry.</p>")
    head = ("<tr><th>Lúc / At</th><th>Bắt đầu / Began with</th><th>Dịch vụ / Services</th>"
            "<th>Thời lượng / Duration</th><th>Hồ sơ / Inquiries</th></tr>")
    rows = "".join(_recent_row(t) for t in traces)
    return page("Dấu vết gần đây / Recent traces", f"{SEARCH}<table>{head}{rows}</table>")


def _bar(span: Span, start: int, total: int) -> str:
    left = 100 * (span.start_ns - start) / total
    width = max(100 * (span.end_ns - span.start_ns) / total, 0.3)
    colour = "#e377c2" if span.error else COLOURS.get(span.service, "#7f7f7f")
    return f"<div class=bar style='left:{left:.2f}%;width:{width:.2f}%;background:{colour}'></div>"


def waterfall_table(spans: list[Span]) -> str:
    """One row a span, indented under its parent, with a bar placed on the trace's timeline."""
    start, end = min(s.start_ns for s in spans), max(s.end_ns for s in spans)
    total = max(end - start, 1)
    rows = "".join(
        f"<tr><td>{html.escape(span.service)}</td><td style='padding-left:{6 + 16 * depth}px'>"
        f"{html.escape(span.name)}</td><td>{span.duration_ms:.2f} ms</td>"
        f"<td class=lane>{_bar(span, start, total)}</td></tr>"
        for depth, span in waterfall(spans))
    head = ("<tr><th>Dịch vụ / Service</th><th>Thao tác / Operation</th><th>Thời lượng / Duration</th>"
            f"<th>Dòng thời gian / Timeline ({total / 1e6:.1f} ms)</th></tr>")
    return f"<table class=waterfall>{head}{rows}</table>"


def trace_page(trace_id: str, spans: list[Span]) -> str:
    return page(f"Dấu vết / Trace {trace_id}", waterfall_table(spans))


def inquiry_page(inquiry_id: str, traces: list[tuple[str, list[Span]]]) -> str:
    if not traces:
        return page(f"Hồ sơ / Inquiry {inquiry_id}",
                    "<p>Chưa có dấu vết nào của hồ sơ này. / No trace of this inquiry yet.</p>")
    body = "".join(f"<h2>Dấu vết / Trace <a href='/traces/{t}'><code>{t}</code></a></h2>{waterfall_table(s)}"
                   for t, s in traces)
    return page(f"Hồ sơ / Inquiry {inquiry_id}", body)
