"""Charts of the run report as inline SVG (matplotlib, no network when viewed).

Text stays text (``svg.fonttype: none``), matplotlib escapes it, and mathtext is off so a
``$`` in a label is just a character. Ids are salted with a constant: same data, same SVG.
"""
from __future__ import annotations

import io
import math

from markupsafe import Markup

RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "trial-extract-report",
    "text.parse_math": False,
    "font.size": 9,
    "font.family": "DejaVu Sans",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
}
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac", "#86bcb6", "#d37295"]


def _svg(fig) -> Markup:
    """The figure as an <svg> element (no XML prolog), trusted markup for the templates."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    text = buf.getvalue()
    return Markup(text[text.index("<svg"):])


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=96)


def _render(draw, width: float, height: float) -> Markup:
    import matplotlib

    with matplotlib.rc_context(RC):
        fig = _figure(width, height)
        draw(fig.add_subplot())
        return _svg(fig)


def _short(s: str, n: int = 28) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _plain_ticks(axis) -> None:
    """Tick labels as plain numbers (mathtext is off, so no 10^x markup)."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    axis.set_minor_formatter(NullFormatter())


def _integer_ticks(axis) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def table_counts(counts: dict[str, int]) -> Markup:
    """Rows per table (horizontal bars)."""
    names = [t for t in counts if t not in ("runs",)]

    def draw(ax):
        ys = range(len(names))
        ax.barh(ys, [counts[t] for t in names], color=PALETTE[0])
        ax.set_yticks(list(ys), names)
        ax.invert_yaxis()
        for y, t in zip(ys, names):
            ax.text(counts[t], y, f" {counts[t]:,}", va="center")
        ax.set_title("Rows per table")
        ax.margins(x=0.15)
        _integer_ticks(ax.xaxis)

    return _render(draw, 5.2, 0.3 * len(names) + 0.8)


def phase_status(ps: dict) -> Markup:
    """Trials by phase, stacked by overall status."""
    rows, statuses = ps["rows"], ps["statuses"]

    def draw(ax):
        left = [0] * len(rows)
        ys = list(range(len(rows)))
        for i, s in enumerate(statuses):
            vals = [r["counts"][i] for r in rows]
            ax.barh(ys, vals, left=left, color=PALETTE[i % len(PALETTE)], label=_short(s))
            left = [a + b for a, b in zip(left, vals)]
        ax.set_yticks(ys, [r["phase"] for r in rows])
        ax.invert_yaxis()
        ax.set_xlabel("trials (current page of each)")
        _integer_ticks(ax.xaxis)
        ax.set_title("Trials by phase and status")
        if statuses:
            ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))

    return _render(draw, 6.4, 0.32 * max(1, len(rows)) + 1.0)


def analyte_spread(analytes: list[dict]) -> Markup:
    """Thresholds of the most common analytes, one row per analyte and unit (log scale):
    triangles up are lower bounds (≥, >), down are upper bounds (≤, <)."""
    lines = [(f"{a['analyte']} ({u['unit']})", u) for a in analytes for u in a["units"]][:14]

    def draw(ax):
        for y, (_name, u) in enumerate(lines):
            for key, marker, color in (("lower", "^", PALETTE[0]), ("upper", "v", PALETTE[3])):
                sp = u.get(key)
                if not sp:
                    continue
                vals = [v for v in sp["values"] if v > 0]
                jitter = [((i * 0.37) % 0.5) - 0.25 for i in range(len(vals))]
                ax.scatter(vals, [y + j for j in jitter], marker=marker, s=22, alpha=0.6, color=color, linewidths=0)
                if vals:
                    ax.plot([sp["median"]] * 2, [y - 0.35, y + 0.35], color=color, linewidth=2)
        ax.set_yticks(list(range(len(lines))), [_short(n, 34) for n, _ in lines])
        ax.invert_yaxis()
        ax.set_xscale("log")
        _plain_ticks(ax.xaxis)
        ax.set_xlabel("threshold value in the canonical unit (log scale); bar = median")
        ax.set_title("Lab thresholds: ▲ lower bounds, ▼ upper bounds")
        ax.grid(axis="x", alpha=0.3)

    return _render(draw, 6.4, 0.34 * max(1, len(lines)) + 1.1)


def her2(h: dict) -> Markup:
    """HER2 requirement rows by status, stacked by criterion type."""
    rows, types = h["rows"], h["types"]

    def draw(ax):
        xs = list(range(len(rows)))
        bottom = [0] * len(rows)
        for i, c in enumerate(types):
            vals = [r["counts"][i] for r in rows]
            ax.bar(xs, vals, bottom=bottom, color=PALETTE[(i + 4) % len(PALETTE)], label=c)
            bottom = [a + b for a, b in zip(bottom, vals)]
        ax.set_xticks(xs, [r["status"] for r in rows], rotation=30, ha="right")
        ax.set_ylabel("rows")
        _integer_ticks(ax.yaxis)
        ax.set_title("HER2 requirements by status")
        if types:
            ax.legend(fontsize=7, frameon=False)
        top = max(bottom, default=0)
        ax.set_ylim(0, max(1, math.ceil(top * 1.1)))

    return _render(draw, 5.2, 3.0)


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
