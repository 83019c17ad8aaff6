"""Horizontal bar charts of the HR overview as server-rendered SVG: no JavaScript, no colour needed.

Every bar has its label on the left and its value written beside it, so the chart reads in black
and white and on paper; the title and description name every value for screen readers, and the
page shows the same figures as a table with links to the people or goals behind them.
"""

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 90
ROW_HEIGHT = 28
BAR_HEIGHT = 18
PADDING = 8
LABEL_LIMIT = 34


@dataclass
class Bar:
    label: str
    value: float
    text: str | None = None  # how the value is written; the number itself by default

    @property
    def value_text(self) -> str:
        if self.text is not None:
            return self.text
        return f"{self.value:g}" if isinstance(self.value, float) else str(self.value)


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"


def bar_chart(
    chart_id: str,
    title: str,
    bars: list[Bar],
    *,
    maximum: float | None = None,
    description: str | None = None,
) -> Markup:
    """An SVG bar chart; `maximum` fixes the scale (100 for percentages)."""
    top = max([maximum or 0, *(bar.value for bar in bars)]) or 1
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = PADDING * 2 + ROW_HEIGHT * max(len(bars), 1)
    summary = description or "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars)
    parts = [
        f'<svg class="chart chart-bars" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
        f'<line x1="{LABEL_WIDTH}" x2="{LABEL_WIDTH}" y1="{PADDING / 2}" '
        f'y2="{height - PADDING / 2}" stroke="#1a1a1a" stroke-width="1"/>',
    ]
    for index, bar in enumerate(bars):
        y = PADDING + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2 + 4
        width = plot_width * max(bar.value, 0) / top
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" font-size="13" '
            f'fill="#1a1a1a">{escape(_shorten(bar.label))}</text>'
        )
        if width > 0:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + (ROW_HEIGHT - BAR_HEIGHT) / 2:.1f}" '
                f'width="{width:.1f}" height="{BAR_HEIGHT}" fill="#154273"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{middle:.1f}" font-size="13" '
            f'font-weight="bold" fill="#1a1a1a">{escape(bar.value_text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every interpolated text is escaped above)
