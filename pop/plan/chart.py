"""The progress-over-time chart of a goal as server-rendered SVG: no JavaScript, no colour needed.

Each check-in is a labelled point (its percentage is written beside it), so the chart reads in
black and white; the page also shows the same figures as a table.
"""

from datetime import date

from flask_babel import gettext as _
from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


def progress_chart(points: list[tuple[date, int]], starts_on: date, deadline: date) -> Markup:
    """An SVG line chart of (date, percentage) points between the goal's start and deadline."""
    first = min([starts_on, *(day for day, _progress in points)])
    last = max([deadline, *(day for day, _progress in points)])
    span = max((last - first).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - first).days / span

    def y(percentage: int) -> float:
        return TOP + plot_h * (1 - percentage / 100)

    title = _("Voortgang in de tijd")
    description = (
        "; ".join(f"{day.isoformat()}: {value}%" for day, value in points)
        if points
        else _("Nog geen voortgang geregistreerd.")
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
    ]
    for percentage in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(percentage):.1f}" '
            f'y2="{y(percentage):.1f}" stroke="#c2c9d1" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y(percentage) + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="#1a1a1a">{percentage}%</text>'
        )
    parts.append(
        f'<line x1="{x(deadline):.1f}" x2="{x(deadline):.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
        f'stroke="#1a1a1a" stroke-dasharray="4 4"/>'
        f'<text x="{x(deadline):.1f}" y="{HEIGHT - BOTTOM + 30}" text-anchor="end" '
        f'font-size="12" fill="#1a1a1a">{escape(_("deadline"))} {deadline.isoformat()}</text>'
        f'<text x="{LEFT}" y="{HEIGHT - BOTTOM + 16}" font-size="12" fill="#1a1a1a">'
        f"{first.isoformat()}</text>"
    )
    ordered = sorted(points)
    if len(ordered) > 1:
        path = " ".join(f"{x(day):.1f},{y(value):.1f}" for day, value in ordered)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#154273" stroke-width="3"/>')
    for day, value in ordered:
        parts.append(
            f'<circle cx="{x(day):.1f}" cy="{y(value):.1f}" r="5" fill="#ffffff" '
            f'stroke="#154273" stroke-width="3"/>'
            f'<text x="{x(day):.1f}" y="{y(value) - 10:.1f}" text-anchor="middle" '
            f'font-size="12" font-weight="bold" fill="#1a1a1a">{value}%</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every interpolated text is escaped above)
