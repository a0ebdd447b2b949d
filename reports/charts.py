"""Charts as inline SVG, drawn here (no JavaScript, no web fonts, no network): heatmap, bars (grouped or
stacked), timeline (Gantt) and line chart. Every text is escaped; every ``<svg>`` has an explicit size.
Numbers and dates are written in the report's language (:mod:`reports.i18n`); labels arrive translated."""

from __future__ import annotations

import datetime as dt
from html import escape

from reports import i18n
from reports.model import Bars, Chart, Gantt, Heatmap, Lines

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D31", "#999999"]
SEQUENTIAL = ["#dfe9f3", "#9ecae1", "#4292c6", "#1f5fa8", "#08244f"]
FONT = "font-family:sans-serif"
CHAR_W = 6.2  # average width of an 11px sans-serif character, for layout


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(1, chars - 1)] + "…"


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    w, h = max(int(width), 40), max(int(height), 30)
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" role="img" aria-label="{_t(title)}" style="{FONT};font-size:11px">'
        f"<title>{_t(title)}</title>" + "".join(body) + "</svg>"
    )


def render(chart: Chart, language: str = "en") -> str:
    spec = chart.spec
    if isinstance(spec, Heatmap):
        return heatmap(spec, chart.title, language)
    if isinstance(spec, Bars):
        return bars(spec, chart.title, language)
    if isinstance(spec, Gantt):
        return gantt(spec, chart.title, language)
    return lines(spec, chart.title, language)


def _colour(value: float, lo: float, hi: float) -> str:
    if hi <= lo:
        return SEQUENTIAL[-2]
    i = int((value - lo) / (hi - lo) * (len(SEQUENTIAL) - 1) + 0.5)
    return SEQUENTIAL[max(0, min(len(SEQUENTIAL) - 1, i))]


def _legend(items: list[tuple[str, str]], x: float, y: float) -> tuple[list[str], float]:
    """Swatches in a row from (x, y); returns the parts and the width used."""
    out, cx = [], x
    for label, colour in items:
        out.append(f'<rect x="{cx:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{cx + 14:.1f}" y="{y:.1f}">{_t(label)}</text>')
        cx += 24 + CHAR_W * len(label)
    return out, cx - x


def heatmap(spec: Heatmap, title: str, language: str = "en", cell: int = 18) -> str:
    def num(v: float) -> str:
        return i18n.short_number(v, language)

    rows, cols = spec.rows, spec.cols
    label_w = min(240, 12 + CHAR_W * max((len(r) for r in rows), default=4))
    group_w = (
        min(150, 12 + CHAR_W * max((len(g) for g in spec.row_groups), default=0)) if spec.row_groups else 0
    )
    head = min(170, 16 + CHAR_W * 0.72 * max((len(c) for c in cols), default=4))
    left, top = group_w + label_w, head + 26
    width = left + cell * max(1, len(cols)) + head * 0.6 + 20  # the last column labels lean right
    height = top + cell * max(1, len(rows)) + 10
    values = [v for row in spec.values for v in row if v is not None]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if spec.legend:
        lo, hi = min(spec.legend), max(spec.legend)
    body: list[str] = []
    legend = (
        [(label, _colour(v, lo, hi)) for v, label in sorted(spec.legend.items())]
        if spec.legend
        else [(num(round(lo, 1)), _colour(lo, lo, hi)), (num(round(hi, 1)), _colour(hi, lo, hi))]
    )
    x0 = 4.0
    if spec.value_label:
        body.append(f'<text x="4" y="14" font-weight="bold">{_t(spec.value_label)}:</text>')
        x0 = 12 + CHAR_W * (len(spec.value_label) + 1)
    parts, used = _legend(legend, x0, 14)
    body += parts
    width = max(width, x0 + used + 10)
    for j, col in enumerate(cols):
        x = left + j * cell + cell / 2 + 4
        body.append(
            f'<text transform="translate({x:.1f},{top - 4}) rotate(-55)" font-size="10">'
            f"<title>{_t(col)}</title>{_t(_clip(col, 28))}</text>"
        )
    previous = None
    for i, row in enumerate(rows):
        y = top + i * cell
        if spec.row_groups:
            group = spec.row_groups[i]
            if group != previous:
                body.append(f'<line x1="0" x2="{width - 10}" y1="{y}" y2="{y}" stroke="#bbb"/>')
                body.append(
                    f'<text x="2" y="{y + 12}" fill="#555">{_t(_clip(group, int(group_w / CHAR_W)))}</text>'
                )
                previous = group
        body.append(
            f'<text x="{left - 6}" y="{y + 13}" text-anchor="end"><title>{_t(row)}</title>'
            f"{_t(_clip(row, int(label_w / CHAR_W) - 1))}</text>"
        )
        for j, value in enumerate(spec.values[i]):
            if value is None:
                continue
            x = left + j * cell
            tip = spec.tips.get((i, j), f"{row} × {cols[j]}: {num(value)}")
            body.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{_colour(value, lo, hi)}"><title>{_t(tip)}</title></rect>'
            )
    grid_w = cell * len(cols)
    body.append(
        f'<rect x="{left}" y="{top}" width="{grid_w}" height="{cell * len(rows)}" fill="none" stroke="#ccc"/>'
    )
    return _svg(width, height, body, title)


def bars(spec: Bars, title: str, language: str = "en", bar: int = 14) -> str:
    """Horizontal bars, one row per category; series side by side (grouped) or end to end (stacked)."""

    def num(v: float) -> str:
        return i18n.short_number(v, language)

    cats = spec.categories
    n = max(1, len(spec.series))
    label_w = min(260, 12 + CHAR_W * max((len(c) for c in cats), default=4))
    plot_w = 420
    per_row = bar if spec.stacked else bar * n
    top = 34
    height = top + (per_row + 8) * max(1, len(cats)) + 26
    totals = [
        sum(s.values[i] for s in spec.series)
        if spec.stacked
        else max((s.values[i] for s in spec.series), default=0)
        for i in range(len(cats))
    ]
    top_value = max(totals, default=0) or 1
    body, _ = _legend([(s.name, PALETTE[k % len(PALETTE)]) for k, s in enumerate(spec.series)], 4, 14)
    left = label_w
    for i, cat in enumerate(cats):
        y = top + i * (per_row + 8)
        body.append(
            f'<text x="{left - 6}" y="{y + per_row / 2 + 4:.1f}" text-anchor="end"><title>{_t(cat)}</title>'
            f"{_t(_clip(cat, int(label_w / CHAR_W) - 1))}</text>"
        )
        x = float(left)
        for k, s in enumerate(spec.series):
            v = s.values[i]
            w = plot_w * v / top_value
            colour = PALETTE[k % len(PALETTE)]
            by = y if spec.stacked else y + k * bar
            if v > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{by}" width="{max(w, 1):.1f}" height="{bar - 2}" fill="{colour}">'
                    f"<title>{_t(f'{cat} — {s.name}: {num(v)}')}</title></rect>"
                )
            if spec.stacked:
                x += w
            elif v > 0:
                body.append(f'<text x="{x + w + 3:.1f}" y="{by + bar - 4}" font-size="10">{num(v)}</text>')
        if spec.stacked and totals[i] > 0:
            body.append(f'<text x="{x + 3:.1f}" y="{y + bar - 4}" font-size="10">{num(totals[i])}</text>')
    axis_y = height - 20
    body.append(f'<line x1="{left}" x2="{left}" y1="{top - 4}" y2="{axis_y}" stroke="#888"/>')
    if spec.value_label:
        body.append(f'<text x="{left}" y="{height - 6}" fill="#555">{_t(spec.value_label)}</text>')
    return _svg(left + plot_w + 60, height, body, title)


def gantt(spec: Gantt, title: str, language: str = "en", bar: int = 14) -> str:
    items = spec.items
    if not items:
        empty = _t(i18n.tr(language, "rep_chart_no_items"))
        return _svg(300, 40, [f'<text x="4" y="20">{empty}</text>'], title)
    start = min(i.start for i in items)
    end = max(i.end for i in items)
    if spec.today:
        start, end = min(start, spec.today), max(end, spec.today)
    first, last = dt.date(start.year, 1, 1), dt.date(end.year + 1, 1, 1)
    span = (last - first).days or 1
    label_w = min(300, 12 + CHAR_W * max(len(i.label) for i in items))
    plot_w = 560
    groups = list(dict.fromkeys(i.group for i in items))
    colours = {g: PALETTE[k % len(PALETTE)] for k, g in enumerate(groups)}
    top = 40
    height = top + (bar + 6) * len(items) + 10

    def x_of(day: dt.date) -> float:
        return label_w + plot_w * (day - first).days / span

    body, _ = _legend([(g, colours[g]) for g in groups], 4, 14)
    for year in range(first.year, last.year + 1):
        x = x_of(dt.date(year, 1, 1))
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 8}" y2="{height - 6}" stroke="#e3e3e3"/>')
        if year < last.year:
            body.append(f'<text x="{x + 2:.1f}" y="{top - 10}" font-size="10" fill="#555">{year}</text>')
    for k, item in enumerate(items):
        y = top + k * (bar + 6)
        body.append(
            f'<text x="{label_w - 6}" y="{y + bar - 3}" text-anchor="end"><title>{_t(item.label)}</title>'
            f"{_t(_clip(item.label, int(label_w / CHAR_W) - 1))}</text>"
        )
        x0, x1 = x_of(item.start), x_of(item.end)
        when = f"{i18n.date(item.start, language)} – {i18n.date(item.end, language)}"
        tip = f"{item.label}: {when} ({item.group})"
        body.append(
            f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 2):.1f}" height="{bar}" rx="2" '
            f'fill="{colours[item.group]}"><title>{_t(tip)}</title></rect>'
        )
    if spec.today:
        x = x_of(spec.today)
        today = i18n.tr(language, "rep_chart_today", date=i18n.date(spec.today, language))
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{height - 6}" stroke="#D55E00" '
            f'stroke-dasharray="4 3"><title>{_t(today)}</title></line>'
        )
    return _svg(label_w + plot_w + 20, height, body, title)


def lines(spec: Lines, title: str, language: str = "en") -> str:
    def num(v: float) -> str:
        return i18n.short_number(v, language)

    xs = spec.x
    left, top, plot_w, plot_h = 44, 30, 560, 200
    height = top + plot_h + 46
    top_value = max((v for s in spec.series for v in s.values), default=0) or 1
    step = plot_w / max(1, len(xs) - 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return left + (i * step if len(xs) > 1 else plot_w / 2), top + plot_h - plot_h * v / top_value

    body, used = _legend([(s.name, PALETTE[k % len(PALETTE)]) for k, s in enumerate(spec.series)], 4, 14)
    body.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#888"/>')
    body.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#888"/>'
    )
    for tick in sorted({0, top_value / 2, top_value}):
        y = top + plot_h - plot_h * tick / top_value
        body.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10">{num(tick)}</text>'
        )
    every = max(1, len(xs) // 12)
    for i, label in enumerate(xs):
        if i % every == 0:
            x, _ = point(i, 0)
            body.append(
                f'<text transform="translate({x:.1f},{top + plot_h + 12}) rotate(35)" font-size="10">{_t(label)}</text>'
            )
    for k, s in enumerate(spec.series):
        colour = PALETTE[k % len(PALETTE)]
        pts = [point(i, v) for i, v in enumerate(s.values)]
        body.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
            f'points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}"/>'
        )
        for (x, y), label, v in zip(pts, xs, s.values, strict=True):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{_t(f"{s.name}, {label}: {num(v)}")}</title></circle>'
            )
    if spec.value_label:
        body.append(
            f'<text x="{left}" y="{top - 4}" fill="#555" font-size="10">{_t(spec.value_label)}</text>'
        )
    return _svg(max(left + plot_w + 30, used + 10), height, body, title)
