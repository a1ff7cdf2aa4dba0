"""Server-rendered SVG bar charts and the colours of distance classes.

No JavaScript and no chart library: a chart is a list of bars laid out here and drawn by
`insights/_bar_chart.html` as inline SVG (presentation attributes only, so the strict CSP
holds), always followed by the same numbers as a table for screen readers and for print.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format

LABEL_WIDTH = 190
BAR_WIDTH = 300
VALUE_WIDTH = 90
ROW_HEIGHT = 26
BAR_HEIGHT = 18
MAX_LABEL_CHARS = 28
BAR_COLOUR = "#00509e"  # the site's accent colour: 7.6:1 on white

# Distance classes from near (green) to far (dark red); "beyond all distances" is the last.
# Every colour keeps at least 3:1 against white, as non-text contrast requires.
_DISTANCE_COLOURS = [
    "#1a7a3a", "#4a8a1c", "#7a8400", "#a07000", "#b85a00",
    "#c4411a", "#b3261e", "#9c1c3c", "#7d1a55", "#5e1a6b", "#3d1a5c",
]  # fmt: skip


def formatted(value: float, decimals: int = 0) -> str:
    """A number in the active language's format, rounded (Django's number_format truncates)."""
    return number_format(round(value, decimals), decimals)


def distance_palette(n_thresholds: int) -> list[str]:
    """A colour for each distance class 0..n_thresholds (the last one: beyond all)."""
    n = n_thresholds + 1
    if n >= len(_DISTANCE_COLOURS):
        return _DISTANCE_COLOURS[:n]
    step = (len(_DISTANCE_COLOURS) - 1) / (n - 1) if n > 1 else 0
    return [_DISTANCE_COLOURS[round(i * step)] for i in range(n)]


@dataclass
class Bar:
    label: str
    value: float
    text: str
    y: int = 0
    width: float = 0.0
    short_label: str = ""


@dataclass
class BarChart:
    id: str
    title: str
    label_header: str
    value_header: str
    bars: list[Bar] = field(default_factory=list)
    width: int = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height: int = 0
    label_width: int = LABEL_WIDTH
    colour: str = BAR_COLOUR
    note: str = ""

    @property
    def bar_x(self) -> int:
        return self.label_width + 6


def bar_chart(chart_id: str, title: str, rows, *, label_header: str, value_header: str,
              decimals: int = 0, suffix: str = "", maximum: float | None = None,
              note: str = "") -> BarChart:  # fmt: skip
    """rows: (label, value) pairs; None values are drawn as empty bars and shown as "–"."""
    rows = list(rows)
    top = maximum if maximum is not None else max((v or 0 for _, v in rows), default=0)
    chart = BarChart(chart_id, title, label_header, value_header, note=note)
    for i, (label, value) in enumerate(rows):
        label = str(label)
        text = "–" if value is None else formatted(value, decimals) + suffix
        short = label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"
        width = (value or 0) / top * BAR_WIDTH if top else 0
        chart.bars.append(Bar(label, value, text, i * ROW_HEIGHT + 4, round(width, 1), short))
    chart.height = max(len(rows), 1) * ROW_HEIGHT + 8
    return chart
