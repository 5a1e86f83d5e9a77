"""Small server-rendered SVG charts: no JavaScript, no CDN, readable in any browser and in tests."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, BAR_HEIGHT, LABEL_WIDTH = 560, 18, 170
COLORS = {"primary": "#1f6fb2", "alert": "#c0392b", "muted": "#9db7cf", "ok": "#2e8b57"}


def _svg(name: str, height: int, body: str, title: str) -> str:
    return (f'<svg class="chart" data-chart="{name}" role="img" aria-label="{escape(title)}" '
            f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{body}</svg>')


def empty(name: str, title: str, note: str = "no data for this selection") -> str:
    return _svg(name, 40, f'<text x="10" y="25" class="empty">{escape(note)}</text>', title)


def line_chart(name: str, title: str, points: Sequence[tuple[str, float | None]]) -> str:
    """Rates (0..1) over time; gaps where a period had nothing decided."""
    known = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
    if not known:
        return empty(name, title)
    height, top, bottom, left = 220, 15, 185, 40
    step = (WIDTH - left - 20) / max(len(points) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, bottom - v * (bottom - top)

    grid = "".join(f'<line x1="{left}" x2="{WIDTH - 10}" y1="{xy(0, g)[1]:.1f}" y2="{xy(0, g)[1]:.1f}" '
                   f'class="grid"/><text x="4" y="{xy(0, g)[1] + 4:.1f}" class="axis">{g:.0%}</text>'
                   for g in (0, 0.5, 1))
    path = " ".join(f"{'M' if n == 0 else 'L'}{xy(i, v)[0]:.1f},{xy(i, v)[1]:.1f}"
                    for n, (i, v) in enumerate(known))
    dots = "".join(f'<circle cx="{xy(i, v)[0]:.1f}" cy="{xy(i, v)[1]:.1f}" r="4" fill="{COLORS["primary"]}" '
                   f'data-label="{escape(points[i][0])}" data-value="{v:.4f}"><title>{escape(points[i][0])}: '
                   f'{v:.1%}</title></circle>' for i, v in known)
    labels = "".join(f'<text x="{xy(i, 0)[0]:.1f}" y="{height - 15}" class="axis" text-anchor="middle">'
                     f'{escape(label[-7:])}</text>' for i, (label, _) in enumerate(points) if i % 2 == 0)
    body = f'{grid}<path d="{path}" fill="none" stroke="{COLORS["primary"]}" stroke-width="2"/>{dots}{labels}'
    return _svg(name, height, body, title)


def bar_chart(name: str, title: str, rows: Sequence[tuple[str, Sequence[float]]],
              series: Sequence[tuple[str, str]]) -> str:
    """Horizontal bars, one row per label, one bar per series (name, color key) side by side."""
    if not rows:
        return empty(name, title)
    most = max((max(values) for _, values in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 60
    row_height = BAR_HEIGHT * len(series) + 8
    parts = []
    for n, (label, values) in enumerate(rows):
        y = 10 + n * row_height
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 5}" class="label" '
                     f'text-anchor="end">{escape(label[:28])}</text>')
        for k, ((series_name, color), value) in enumerate(zip(series, values, strict=True)):
            width, top = span * value / most, y + k * BAR_HEIGHT
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{top}" width="{width:.1f}" height="{BAR_HEIGHT - 3}" '
                         f'fill="{COLORS[color]}" data-label="{escape(label)}" data-series="{series_name}" '
                         f'data-value="{value:g}">'
                         f'<title>{escape(label)} {series_name}: {value:g}</title></rect>'
                         f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{top + BAR_HEIGHT - 6}" '
                         f'class="value">{value:g}</text>')
    legend = "".join(f'<rect x="{LABEL_WIDTH + 110 * k}" y="{10 + len(rows) * row_height}" width="10" '
                     f'height="10" fill="{COLORS[color]}"/><text x="{LABEL_WIDTH + 14 + 110 * k}" '
                     f'y="{19 + len(rows) * row_height}" class="axis">{escape(series_name)}</text>'
                     for k, (series_name, color) in enumerate(series))
    return _svg(name, 30 + len(rows) * row_height, "".join(parts) + legend, title)


def histogram(name: str, title: str, values: Sequence[float], edges: Sequence[float]) -> str:
    """Counts of `values` in [edges[i], edges[i+1]) and a last open bucket."""
    counts = [0] * len(edges)
    for value in values:
        counts[sum(1 for edge in edges[1:] if value >= edge)] += 1
    return histogram_of_counts(name, title, counts, edges)


def histogram_of_counts(name: str, title: str, counts: Sequence[int], edges: Sequence[float]) -> str:
    """Bars of counts already made (the database counts them: figures.Dashboard.response_counts)."""
    if not any(counts):
        return empty(name, title)
    labels = [f"{low:g}–{high:g}" for low, high in zip(edges, edges[1:], strict=False)] + [f"{edges[-1]:g}+"]
    height, bottom = 200, 165
    width = (WIDTH - 40) / len(counts)
    most = max(counts) or 1
    bars = "".join(
        f'<rect x="{30 + i * width:.1f}" y="{bottom - 140 * c / most:.1f}" width="{width - 6:.1f}" '
        f'height="{140 * c / most:.1f}" fill="{COLORS["primary"]}" data-label="{labels[i]}" data-value="{c}">'
        f'<title>{labels[i]} h: {c}</title></rect><text x="{30 + i * width + width / 2 - 3:.1f}" '
        f'y="{bottom - 140 * c / most - 4:.1f}" class="value" text-anchor="middle">{c}</text>'
        f'<text x="{30 + i * width + width / 2 - 3:.1f}" y="{bottom + 16}" class="axis" '
        f'text-anchor="middle">{labels[i]}</text>' for i, c in enumerate(counts))
    return _svg(name, height, bars, title)


def band_chart(name: str, title: str, points: Sequence[tuple[str, int, float, int, int]]) -> str:
    """A series' windows (label, observed, expected, band low, band high): the normal band shaded,
    the normal dashed, what was observed as a line with dots."""
    if not points:
        return empty(name, title)
    height, top, bottom, left = 220, 15, 185, 40
    most = max(max(p[1], p[4]) for p in points) or 1
    step = (WIDTH - left - 20) / max(len(points) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, bottom - v / most * (bottom - top)

    def at(i: int, v: float) -> str:
        x, y = xy(i, v)
        return f"{x:.1f},{y:.1f}"

    def line(values: Sequence[float]) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{at(i, v)}" for i, v in enumerate(values))

    indexed = list(enumerate(points))
    band = " ".join([*(at(i, p[4]) for i, p in indexed), *(at(i, p[3]) for i, p in reversed(indexed))])
    dots = "".join(f'<circle cx="{xy(i, p[1])[0]:.1f}" cy="{xy(i, p[1])[1]:.1f}" r="3" '
                   f'fill="{COLORS["alert"]}" data-label="{escape(p[0])}" data-value="{p[1]}" '
                   f'data-normal="{p[2]:.2f}" data-band="{p[3]}-{p[4]}"><title>{escape(p[0])}: {p[1]} '
                   f'({p[2]:.1f}; {p[3]}–{p[4]})</title></circle>' for i, p in indexed)
    grid = "".join(f'<line x1="{left}" x2="{WIDTH - 10}" y1="{xy(0, g)[1]:.1f}" y2="{xy(0, g)[1]:.1f}" '
                   f'class="grid"/><text x="4" y="{xy(0, g)[1] + 4:.1f}" class="axis">{g:g}</text>'
                   for g in (0, round(most / 2, 1), most))
    every = max(len(points) // 6, 1)
    labels = "".join(f'<text x="{xy(i, 0)[0]:.1f}" y="{height - 15}" class="axis" text-anchor="middle">'
                     f'{escape(p[0])}</text>' for i, p in enumerate(points) if i % every == 0)
    normal, observed = line([p[2] for p in points]), line([p[1] for p in points])
    body = (f'{grid}<polygon points="{band}" fill="{COLORS["muted"]}" fill-opacity="0.5" class="band"/>'
            f'<path d="{normal}" fill="none" stroke="{COLORS["primary"]}" stroke-dasharray="4 3" '
            f'class="normal"/><path d="{observed}" fill="none" stroke="{COLORS["alert"]}" '
            f'stroke-width="2" class="observed"/>{dots}{labels}')
    return _svg(name, height, body, title)
