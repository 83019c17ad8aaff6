"""A competency's ratings over the conversations as server-rendered SVG: no JavaScript, no colour.

Every rating is a labelled point (its label is written beside it), so the chart reads in black
and white; the page also shows the same ratings as a table.
"""

from flask_babel import gettext as _
from markupsafe import Markup, escape

from pop.conversations.labels import kind_label, rating_label
from pop.conversations.queries import RatingPoint

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 110, 24, 24, 48


def ratings_chart(
    points: list[RatingPoint],
    scale: list[str],
    competency_name: str,
    chart_id: str = "ratings-chart",
) -> Markup:
    """An SVG line chart of ratings in held conversations, oldest left, on the scale's points."""
    size = max([len(scale), *(point.score for point in points)])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(index: int) -> float:
        if len(points) == 1:
            return LEFT + plot_w / 2
        return LEFT + plot_w * index / (len(points) - 1)

    def y(score: int) -> float:
        return TOP + plot_h * (1 - (score - 1) / max(size - 1, 1))

    title = _("Beoordelingen van %(name)s", name=competency_name)
    description = (
        "; ".join(
            f"{point.held_on.isoformat()} ({kind_label(point.kind)}): "
            f"{rating_label(point.scale, point.score)}"
            for point in points
        )
        if points
        else _("Nog geen beoordelingen.")
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for score in range(1, size + 1):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(score):.1f}" y2="{y(score):.1f}" '
            f'stroke="#c2c9d1" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y(score) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#1a1a1a">{escape(rating_label(scale, score))}</text>'
        )
    if len(points) > 1:
        path = " ".join(
            f"{x(index):.1f},{y(point.score):.1f}" for index, point in enumerate(points)
        )
        parts.append(f'<polyline points="{path}" fill="none" stroke="#154273" stroke-width="3"/>')
    for index, point in enumerate(points):
        parts.append(
            f'<circle cx="{x(index):.1f}" cy="{y(point.score):.1f}" r="5" fill="#ffffff" '
            f'stroke="#154273" stroke-width="3"/>'
            f'<text x="{x(index):.1f}" y="{y(point.score) - 10:.1f}" text-anchor="middle" '
            f'font-size="12" font-weight="bold" fill="#1a1a1a">'
            f"{escape(rating_label(point.scale, point.score))}</text>"
            f'<text x="{x(index):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            f'font-size="12" fill="#1a1a1a">{point.held_on.isoformat()}</text>'
            f'<text x="{x(index):.1f}" y="{HEIGHT - BOTTOM + 34}" text-anchor="middle" '
            f'font-size="11" fill="#1a1a1a">{escape(point.cycle_name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every interpolated text is escaped above)
