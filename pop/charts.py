"""Every chart of POP as server-rendered SVG: no JavaScript, no colour needed.

Three shapes serve the whole application: horizontal bars (the HR overview), a goal's progress
over time (the plan) and a competency's ratings over the conversations (the team view). Every
bar and point has its value written beside it, so a chart reads in black and white and on
paper; the title and description name every value for screen readers, and each page shows the
same figures as a table as well. Beside them, the progress bar of a goal, in HTML and CSS.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from flask import Flask
from flask_babel import gettext as _
from markupsafe import Markup, escape

from pop.dates import format_day
from pop.labels import kind_label, rating_label
from pop.translation import format_decimal

INK = "#1a1a1a"
BAR_COLOUR = "#154273"
GRID = "#c2c9d1"


def progress_bar(value: int) -> Markup:
    """A percentage as a bar in steps of ten, its figure beside it (templates' `progress_bar`)."""
    percent = int(value)  # a whole number: nothing in it to escape
    return Markup(  # noqa: S704
        '\n<span class="progress"><span class="progress-track" aria-hidden="true">'
        f'<span class="progress-fill progress-{percent // 10 * 10}"></span></span>\n'
        f'<span class="progress-value">{percent}%</span></span>\n'
    )


@dataclass(frozen=True)
class Frame:
    """The size of a line chart and the margins around its plot area."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom


PROGRESS_FRAME = Frame(width=640, height=240, left=48, right=16, top=16, bottom=40)
RATINGS_FRAME = Frame(width=640, height=260, left=110, right=24, top=24, bottom=48)

# Bar charts: a column of labels, the bars, and room for the written value.
BAR_CHART_WIDTH = 640
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
    lang: str | None = None  # the label's language when it is not the page's (catalogue text)

    @property
    def value_text(self) -> str:
        if self.text is not None:
            return self.text
        return format_decimal(self.value, "#,##0.#")


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"


def bar_chart(
    chart_id: str,
    title: str,
    bars: list[Bar],
    *,
    maximum: float | None = None,
    description: str | None = None,
    value_width: int = VALUE_WIDTH,
) -> Markup:
    """An SVG bar chart; `maximum` fixes the scale (100 for percentages), `value_width` leaves
    room beside the longest bar for its written value."""
    top = max([maximum or 0, *(bar.value for bar in bars)]) or 1
    plot_width = BAR_CHART_WIDTH - LABEL_WIDTH - value_width
    height = PADDING * 2 + ROW_HEIGHT * max(len(bars), 1)
    summary = description or "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars)
    # A summary of nothing but labels in another language (and figures) is in that language.
    languages = {bar.lang for bar in bars}
    summary_lang = "" if description or len(languages) != 1 or None in languages else bars[0].lang
    desc_lang = f' lang="{escape(summary_lang)}"' if summary_lang else ""
    parts = [
        f'<svg class="chart chart-bars" viewBox="0 0 {BAR_CHART_WIDTH} {height}" '
        f'width="{BAR_CHART_WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc"{desc_lang}>{escape(summary)}</desc>',
        f'<line x1="{LABEL_WIDTH}" x2="{LABEL_WIDTH}" y1="{PADDING / 2}" '
        f'y2="{height - PADDING / 2}" stroke="{INK}" stroke-width="1"/>',
    ]
    for index, bar in enumerate(bars):
        y = PADDING + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2 + 4
        width = plot_width * max(bar.value, 0) / top
        lang = f' lang="{escape(bar.lang)}"' if bar.lang else ""
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" font-size="13" '
            f'fill="{INK}"{lang}>{escape(_shorten(bar.label))}</text>'
        )
        if width > 0:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + (ROW_HEIGHT - BAR_HEIGHT) / 2:.1f}" '
                f'width="{width:.1f}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{middle:.1f}" font-size="13" '
            f'font-weight="bold" fill="{INK}">{escape(bar.value_text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every interpolated text is escaped above)


def _line_chart_start(frame: Frame, chart_id: str, title: str, description: str) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _polyline(coordinates: list[tuple[float, float]]) -> str:
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
    return f'<polyline points="{path}" fill="none" stroke="{BAR_COLOUR}" stroke-width="3"/>'


def _point(x: float, y: float, label: str) -> str:
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#ffffff" '
        f'stroke="{BAR_COLOUR}" stroke-width="3"/>'
        f'<text x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle" '
        f'font-size="12" font-weight="bold" fill="{INK}">{label}</text>'
    )


def _day(day: date) -> str:
    """A day on a chart, in the reader's language: "2 dec. 2026" (the axis has little room)."""
    return format_day(day, "d MMM y")


def progress_chart(points: list[tuple[date, int]], starts_on: date, deadline: date) -> Markup:
    """An SVG line chart of (date, percentage) points between the goal's start and deadline."""
    frame = PROGRESS_FRAME
    first = min([starts_on, *(day for day, _progress in points)])
    last = max([deadline, *(day for day, _progress in points)])
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return frame.left + frame.plot_width * (day - first).days / span

    def y(percentage: int) -> float:
        return frame.top + frame.plot_height * (1 - percentage / 100)

    description = (
        "; ".join(f"{_day(day)}: {value}%" for day, value in points)
        if points
        else _("Nog geen voortgang geregistreerd.")
    )
    parts = _line_chart_start(frame, "chart", _("Voortgang in de tijd"), description)
    for percentage in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{frame.left}" x2="{frame.width - frame.right}" y1="{y(percentage):.1f}" '
            f'y2="{y(percentage):.1f}" stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{frame.left - 8}" y="{y(percentage) + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="{INK}">{percentage}%</text>'
        )
    parts.append(
        f'<line x1="{x(deadline):.1f}" x2="{x(deadline):.1f}" y1="{frame.top}" '
        f'y2="{frame.height - frame.bottom}" stroke="{INK}" stroke-dasharray="4 4"/>'
        f'<text x="{x(deadline):.1f}" y="{frame.height - frame.bottom + 30}" text-anchor="end" '
        f'font-size="12" fill="{INK}">{escape(_("deadline"))} {_day(deadline)}</text>'
        f'<text x="{frame.left}" y="{frame.height - frame.bottom + 16}" font-size="12" '
        f'fill="{INK}">{_day(first)}</text>'
    )
    ordered = sorted(points)
    if len(ordered) > 1:
        parts.append(_polyline([(x(day), y(value)) for day, value in ordered]))
    for day, value in ordered:
        parts.append(_point(x(day), y(value), f"{value}%"))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every interpolated text is escaped above)


class RatedPoint(Protocol):
    """One rating in one held conversation, as the conversations' queries return it."""

    held_on: date
    kind: str
    cycle_name: str
    score: int
    scale: list[str]


def ratings_chart(
    points: Sequence[RatedPoint],
    scale: list[str],
    competency_name: str,
    chart_id: str = "ratings-chart",
) -> Markup:
    """An SVG line chart of ratings in held conversations, oldest left, on the scale's points."""
    frame = RATINGS_FRAME
    size = max([len(scale), *(point.score for point in points)])

    def x(index: int) -> float:
        if len(points) == 1:
            return frame.left + frame.plot_width / 2
        return frame.left + frame.plot_width * index / (len(points) - 1)

    def y(score: int) -> float:
        return frame.top + frame.plot_height * (1 - (score - 1) / max(size - 1, 1))

    description = (
        "; ".join(
            f"{_day(point.held_on)} ({kind_label(point.kind)}): "
            f"{rating_label(point.scale, point.score)}"
            for point in points
        )
        if points
        else _("Nog geen beoordelingen.")
    )
    title = _("Beoordelingen van %(name)s", name=competency_name)
    parts = _line_chart_start(frame, chart_id, title, description)
    for score in range(1, size + 1):
        parts.append(
            f'<line x1="{frame.left}" x2="{frame.width - frame.right}" y1="{y(score):.1f}" '
            f'y2="{y(score):.1f}" stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{frame.left - 8}" y="{y(score) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{escape(rating_label(scale, score))}</text>'
        )
    if len(points) > 1:
        parts.append(_polyline([(x(index), y(point.score)) for index, point in enumerate(points)]))
    for index, point in enumerate(points):
        parts.append(
            _point(x(index), y(point.score), str(escape(rating_label(point.scale, point.score))))
            + f'<text x="{x(index):.1f}" y="{frame.height - frame.bottom + 18}" '
            f'text-anchor="middle" font-size="12" fill="{INK}">{_day(point.held_on)}</text>'
            f'<text x="{x(index):.1f}" y="{frame.height - frame.bottom + 34}" '
            f'text-anchor="middle" font-size="11" fill="{INK}">{escape(point.cycle_name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every interpolated text is escaped above)


def init_app(app: Flask) -> None:
    app.add_template_global(progress_bar, "progress_bar")
