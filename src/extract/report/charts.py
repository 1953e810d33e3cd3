"""Charts of the run report as inline SVG, written directly (no network when viewed).

Bar charts (plain or stacked, with a legend) and a dot plot on a log scale are all the
report draws, so they are drawn here as a few SVG rectangles, lines and texts: a plotting
library cost about a second of import and up to two seconds of layout per run report. Text
stays text and is escaped; the same data gives the same SVG.
"""
from __future__ import annotations

import math

from markupsafe import Markup, escape

PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac", "#86bcb6", "#d37295"]
FONT = 11  # px
CHAR_W = 6.4  # mean advance of a character at FONT px (DejaVu Sans), for layout only
ROW_H = 24
PLOT_W = 360


def _short(s: str, n: int = 28) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _text(x: float, y: float, s, anchor: str = "start", **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(str(s))}</text>'


def _svg(width: float, height: float, parts: list[str], title: str) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="DejaVu Sans, Verdana, sans-serif" '
            f'font-size="{FONT}" role="img"><title>{escape(title)}</title>')
    top = _text(width / 2, 16, title, "middle", font_weight="bold", font_size=str(FONT + 1))
    return Markup(head + top + "".join(parts) + "</svg>")


def _nice_ticks(top: float, integer: bool = True) -> list[float]:
    """About five round ticks from 0 to at least ``top``."""
    top = max(top, 1.0)
    raw = top / 5
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    if integer:
        step = max(1, round(step))
    return [i * step for i in range(int(math.ceil(top / step)) + 1)]


def _legend(x: float, y: float, names: list[str], colors: list[str]) -> list[str]:
    out = []
    for i, (n, c) in enumerate(zip(names, colors)):
        out.append(f'<rect x="{x:.1f}" y="{y + i * 16:.1f}" width="10" height="10" fill="{c}"/>')
        out.append(_text(x + 14, y + i * 16 + 9, _short(n), font_size=str(FONT - 1)))
    return out


def hbars(labels: list[str], series: list[tuple[str, list[float], str]], title: str, xlabel: str = "",
          legend: bool = False, value_labels: bool = False) -> Markup:
    """Horizontal bars, one row per label, the series stacked left to right."""
    left = 12 + CHAR_W * max((len(s) for s in labels), default=4)
    totals = [sum(vals[i] for _n, vals, _c in series) for i in range(len(labels))]
    ticks = _nice_ticks(max(totals, default=0) * (1.15 if value_labels else 1.0))
    scale = PLOT_W / ticks[-1]
    names = [n for n, _v, _c in series]
    legend_w = (24 + CHAR_W * max((len(_short(n)) for n in names), default=0)) if legend else 0
    top = 30
    plot_h = ROW_H * max(1, len(labels))
    width = left + PLOT_W + 24 + legend_w
    height = max(120, top + plot_h + (44 if xlabel else 28))
    parts = []
    for t in ticks:
        x = left + t * scale
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#ddd"/>')
        parts.append(_text(x, top + plot_h + 14, f"{t:,.0f}" if t == int(t) else f"{t:g}", "middle"))
    for i, label in enumerate(labels):
        y = top + i * ROW_H
        parts.append(_text(left - 6, y + ROW_H / 2 + 4, label, "end"))
        x = left
        for _name, vals, color in series:
            w = vals[i] * scale
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y + 4:.1f}" width="{w:.1f}" height="{ROW_H - 8}" fill="{color}"/>')
            x += w
        if value_labels:
            parts.append(_text(x + 4, y + ROW_H / 2 + 4, f"{totals[i]:,.0f}"))
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>')
    if xlabel:
        parts.append(_text(left + PLOT_W / 2, top + plot_h + 32, xlabel, "middle"))
    if legend:
        parts += _legend(left + PLOT_W + 24, top, names, [c for _n, _v, c in series])
    return _svg(width, height, parts, title)


def table_counts(counts: dict[str, int]) -> Markup:
    """Rows per table (horizontal bars)."""
    names = [t for t in counts if t not in ("runs",)]
    return hbars(names, [("rows", [counts[t] for t in names], PALETTE[0])], "Rows per table", value_labels=True)


def phase_status(ps: dict) -> Markup:
    """Trials by phase, stacked by overall status."""
    rows, statuses = ps["rows"], ps["statuses"]
    series = [(s, [r["counts"][i] for r in rows], PALETTE[i % len(PALETTE)]) for i, s in enumerate(statuses)]
    return hbars([r["phase"] for r in rows], series, "Trials by phase and status",
                 "trials (current page of each)", legend=bool(statuses))


def her2(h: dict) -> Markup:
    """HER2 requirement rows by status, stacked by criterion type."""
    rows, types = h["rows"], h["types"]
    series = [(c, [r["counts"][i] for r in rows], PALETTE[(i + 4) % len(PALETTE)]) for i, c in enumerate(types)]
    return hbars([r["status"] for r in rows], series, "HER2 requirements by status", "rows", legend=bool(types))


def _log_range(values: list[float]) -> tuple[int, int]:
    lo = math.floor(math.log10(min(values))) if values else 0
    hi = math.ceil(math.log10(max(values))) if values else 1
    return lo, max(hi, lo + 1)


def analyte_spread(analytes: list[dict]) -> Markup:
    """Thresholds of the most common analytes, one row per analyte and unit (log scale):
    triangles up are lower bounds (≥, >), down are upper bounds (≤, <); a bar marks the median."""
    lines = [(f"{a['analyte']} ({u['unit']})", u) for a in analytes for u in a["units"]][:14]
    labels = [_short(n, 34) for n, _u in lines]
    allv = [v for _n, u in lines for k in ("lower", "upper") if u.get(k) for v in u[k]["values"] if v > 0]
    lo, hi = _log_range(allv)
    left = 12 + CHAR_W * max((len(s) for s in labels), default=4)
    top, plot_h = 30, ROW_H * max(1, len(lines))
    scale = PLOT_W / (hi - lo)

    def xpos(v: float) -> float:
        return left + (math.log10(v) - lo) * scale

    parts = []
    for d in range(lo, hi + 1):
        x = left + (d - lo) * scale
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#ddd"/>')
        parts.append(_text(x, top + plot_h + 14, f"{10.0 ** d:g}", "middle"))
    for i, (label, (_name, u)) in enumerate(zip(labels, lines)):
        y = top + i * ROW_H + ROW_H / 2
        parts.append(_text(left - 6, y + 4, label, "end"))
        for key, up, color in (("lower", True, PALETTE[0]), ("upper", False, PALETTE[3])):
            sp = u.get(key)
            vals = [v for v in (sp or {}).get("values", []) if v > 0]
            for j, v in enumerate(vals):
                x, yy = xpos(v), y + ((j * 0.37) % 0.5 - 0.25) * ROW_H * 0.8
                pts = (f"{x - 4:.1f},{yy + 3:.1f} {x + 4:.1f},{yy + 3:.1f} {x:.1f},{yy - 4:.1f}" if up
                       else f"{x - 4:.1f},{yy - 3:.1f} {x + 4:.1f},{yy - 3:.1f} {x:.1f},{yy + 4:.1f}")
                parts.append(f'<polygon points="{pts}" fill="{color}" fill-opacity="0.6"/>')
            if vals and sp.get("median", 0) > 0:
                x = xpos(sp["median"])
                parts.append(f'<line x1="{x:.1f}" y1="{y - 8:.1f}" x2="{x:.1f}" y2="{y + 8:.1f}" '
                             f'stroke="{color}" stroke-width="2"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>')
    parts.append(_text(left + PLOT_W / 2, top + plot_h + 32,
                       "threshold value in the canonical unit (log scale); bar = median", "middle"))
    return _svg(left + PLOT_W + 24, max(120, top + plot_h + 44), parts, "Lab thresholds: ▲ lower bounds, ▼ upper bounds")


def all_charts(data: dict) -> list[dict]:
    """(id, caption, svg) of every chart the report shows; empty data gives no chart."""
    out = [{"id": "chart-tables", "caption": "Rows per published table", "svg": table_counts(data["table_counts"])}]
    if data["phase_status"]["rows"]:
        out.append({"id": "chart-phases", "caption": "Trials by phase and status", "svg": phase_status(data["phase_status"])})
    if data["analytes"]:
        out.append({"id": "chart-analytes", "caption": "Spread of lab thresholds", "svg": analyte_spread(data["analytes"])})
    if data["her2"]["rows"]:
        out.append({"id": "chart-her2", "caption": "HER2 statuses", "svg": her2(data["her2"])})
    return out
