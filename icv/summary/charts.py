"""Bar charts drawn on the server as SVG: no JavaScript, no chart library, nothing from a CDN.

Each chart has a title and a description that reads its data out (for screen readers), prints
every value as text beside its bar (colour is never the only carrier), and uses presentation
attributes only, so it passes the Content-Security-Policy (``style-src 'self'``). The page shows
the same data as a table beside each chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

from icv.summary.rules import month_label

BAR = "#1d70b8"
INK = "#0b0c0c"
RULE = "#b1b4b6"
FONT = 'font-family="Arial, sans-serif"'
#: Drawn at about the width it is shown at (half the page), so its text reads at body size.
WIDTH = 460
#: Horizontal bars: the height of a label and its bar, and room for the value after it.
ROW, VALUE_WIDTH = 46, 40
#: Columns: height of the plotting area and room for the labels underneath.
PLOT_HEIGHT, AXIS_HEIGHT, TOP = 150, 30, 22
LONGEST_LABEL = 56


@dataclass(frozen=True)
class Chart:
    """What to draw: ``values`` maps each label to its number, in the order shown."""

    id: str
    title: str
    values: Mapping[str, int]
    #: Shorter labels under columns (e.g. "Jan" for January); the table keeps the full ones.
    short_labels: Mapping[str, str] | None = None

    @property
    def description(self) -> str:
        items = "; ".join(f"{label}: {value}" for label, value in self.values.items())
        return f"{self.title}. {items}." if items else f"{self.title}: none."


def shorten(text: str, limit: int = LONGEST_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def opening(chart: Chart, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="icv-chart" viewBox="0 0 {WIDTH} '
        f'{height}" role="img" aria-labelledby="{chart.id}-title {chart.id}-desc" {FONT}>'
        f'<title id="{chart.id}-title">{escape(chart.title)}</title>'
        f'<desc id="{chart.id}-desc">{escape(chart.description)}</desc>'
    )


def bar_chart(chart: Chart) -> Markup:
    """Horizontal bars, each under its label (long names need the room): for suites,
    categories and time bands."""
    rows = list(chart.values.items())
    height = max(len(rows), 1) * ROW + 4
    most = max((value for _, value in rows), default=0) or 1
    room = WIDTH - VALUE_WIDTH
    parts = [opening(chart, height)]
    for n, (label, value) in enumerate(rows):
        top = n * ROW
        length = round(room * value / most, 1)
        parts.append(
            f'<text x="0" y="{top + 15}" font-size="14" fill="{INK}">'
            f"{escape(shorten(label))}</text>"
            f'<rect x="0" y="{top + 21}" width="{length}" height="16" fill="{BAR}"/>'
            f'<text x="{length + 6}" y="{top + 34}" font-size="14" font-weight="bold" '
            f'fill="{INK}">{value}</text>'
        )
    parts.append("</svg>")
    # Every text from data (titles, labels) is escaped above; the rest is numbers and our own
    # constants (ids, colours), so the SVG is safe to mark as markup.
    return Markup("".join(parts))  # nosec B704 # data escaped above


def column_chart(chart: Chart) -> Markup:
    """Vertical columns along a baseline, labelled underneath: for months and weekdays."""
    rows = list(chart.values.items())
    height = TOP + PLOT_HEIGHT + AXIS_HEIGHT
    most = max((value for _, value in rows), default=0) or 1
    slot = WIDTH / max(len(rows), 1)
    base = TOP + PLOT_HEIGHT
    short = chart.short_labels or {}
    parts = [opening(chart, height)]
    parts.append(
        f'<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{RULE}" stroke-width="1"/>'
    )
    for n, (label, value) in enumerate(rows):
        tall = round(PLOT_HEIGHT * value / most, 1)
        centre = round(slot * n + slot / 2, 1)
        parts.append(
            f'<rect x="{round(slot * n + slot * 0.18, 1)}" y="{base - tall}" '
            f'width="{round(slot * 0.64, 1)}" height="{tall}" fill="{BAR}"/>'
            f'<text x="{centre}" y="{base - tall - 6}" text-anchor="middle" font-size="14" '
            f'font-weight="bold" fill="{INK}">{value}</text>'
            f'<text x="{centre}" y="{base + 20}" text-anchor="middle" font-size="14" '
            f'fill="{INK}">{escape(short.get(label, shorten(label, 10)))}</text>'
        )
    parts.append("</svg>")
    # Every text from data (titles, labels) is escaped above; the rest is numbers and our own
    # constants (ids, colours), so the SVG is safe to mark as markup.
    return Markup("".join(parts))  # nosec B704 # data escaped above


def summary_charts(figures: Mapping) -> dict[str, Markup]:
    """The page's four charts: visits by month, by suite and by time band; issues by category."""
    visits, names = figures["visits"], figures.get("labels", {})
    months = {month_label(m): n for m, n in visits["by_month"].items()}
    initials = {month_label(m): month_label(m)[:3] for m in visits["by_month"]}
    bands, categories = names.get("bands", {}), names.get("categories", {})
    return {
        "by_month": column_chart(
            Chart("chart-month", "Completed visits by month", months, initials)
        ),
        "by_suite": bar_chart(
            Chart("chart-suite", "Completed visits by custody suite", visits["by_suite"])
        ),
        "by_band": bar_chart(
            Chart(
                "chart-band",
                "Completed visits by time of arrival",
                {bands.get(k, k): n for k, n in visits["by_band"].items()},
            )
        ),
        "by_category": bar_chart(
            Chart(
                "chart-category",
                "Issues raised by category",
                {categories.get(k, k): n for k, n in figures["issues"]["by_category"].items()},
            )
        ),
    }
