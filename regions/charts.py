"""A headline figure's quarterly history as the numbers of a small inline SVG bar chart.

Drawn on the server (no JavaScript, no external service); every bar carries its number
and its quarter as text, and the same numbers are in a table beside the chart.
"""

from dataclasses import dataclass

WIDTH = 320
HEIGHT = 170
TOP = 22  # room for the number above a full bar
BOTTOM = 36  # room for the quarter and year under the bars
GAP = 8


@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    value: int
    quarter: str
    year: int
    centre: int
    value_y: int


def bar_chart(series):
    """The bars of a HistorySeries, scaled so that every municipality fills the height."""
    count = len(series.points) or 1
    slot = WIDTH // count
    plot = HEIGHT - TOP - BOTTOM
    bars = []
    for index, (point, value) in enumerate(series.points):
        height = round(plot * value / series.total) if series.total else 0
        x = index * slot + GAP // 2
        y = TOP + plot - height
        bars.append(
            Bar(
                x=x,
                y=y,
                width=slot - GAP,
                height=height,
                value=value,
                quarter=point.quarter.short_label,
                year=point.quarter.year,
                centre=x + (slot - GAP) // 2,
                value_y=y - 6,
            )
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": TOP + plot,
        "quarter_y": TOP + plot + 15,
        "year_y": TOP + plot + 30,
        "bars": bars,
    }
