"""Server-rendered SVG charts: geometry only; the template draws it with classes (no style attributes)."""

from dataclasses import dataclass

WIDTH = 600
HEIGHT = 240
MARGIN_LEFT = 36
MARGIN_BOTTOM = 28
MARGIN_TOP = 18
BINS = 10


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float
    label_x: float

    @property
    def count_y(self):
        return round(self.y - 4, 1)


def score_distribution(percents):
    """Bars of a histogram of percentages in ten bins (0–9 … 90–100), with the chart's size."""
    counts = [0] * BINS
    for percent in percents:
        counts[min(BINS - 1, max(0, int(percent) // 10))] += 1
    tallest = max(counts) if any(counts) else 1
    plot_width = WIDTH - MARGIN_LEFT
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = plot_width / BINS
    bars = []
    for index, count in enumerate(counts):
        height = plot_height * count / tallest
        label = f"{index * 10}–{index * 10 + 9}" if index < BINS - 1 else "90–100"
        bars.append(
            Bar(
                label=label,
                count=count,
                x=round(MARGIN_LEFT + index * slot + 4, 1),
                y=round(MARGIN_TOP + plot_height - height, 1),
                width=round(slot - 8, 1),
                height=round(height, 1),
                label_x=round(MARGIN_LEFT + index * slot + slot / 2, 1),
            )
        )
    return {
        "bars": bars,
        "width": WIDTH,
        "height": HEIGHT,
        "axis_y": HEIGHT - MARGIN_BOTTOM,
        "axis_x": MARGIN_LEFT,
        "label_y": HEIGHT - 8,
        "tallest": tallest,
        "tallest_y": MARGIN_TOP + 10,
        "total": sum(counts),
    }
