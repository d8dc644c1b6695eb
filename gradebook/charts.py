"""Server-rendered SVG charts: shapes carry classes and attributes only (the CSP forbids style)."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD = 300, 130, 20
BAR_GROUP = (
    '<g class="gb-bar-group">'
    '<rect class="gb-bar" x="{x}" y="{y}" width="{width}" height="{height}"><title>{title}</title></rect>'
    '<text class="gb-count" x="{middle}" y="{count_y}" text-anchor="middle">{count}</text>'
    '<text class="gb-axis" x="{x}" y="{axis_y}">{low}</text>'
    "</g>"
)


def histogram_svg(counts, *, label):
    """A bar per 10 % band (0–10 … 90–100) with its count; `label` names the chart for screen readers."""
    top = max(counts, default=0) or 1
    step = (WIDTH - 2) / len(counts)
    usable = HEIGHT - 2 * PAD
    bars = []
    for index, count in enumerate(counts):
        height = round(usable * count / top, 1)
        x = round(1 + index * step, 1)
        bars.append(
            {
                "x": x,
                "y": round(HEIGHT - PAD - height, 1),
                "width": round(step - 2, 1),
                "height": height,
                "title": _("%(low)s–%(high)s %%: %(count)s")
                % {"low": index * 10, "high": index * 10 + 10, "count": count},
                "middle": round(x + step / 2, 1),
                "count_y": round(HEIGHT - PAD - height - 3, 1),
                "count": count,
                "axis_y": HEIGHT - 5,
                "low": index * 10,
            }
        )
    # Every part is built by format_html, so their concatenation is safe.
    body = mark_safe("".join(format_html(BAR_GROUP, **bar) for bar in bars))  # noqa: S308
    return format_html(
        '<svg class="gb-chart" viewBox="0 0 {w} {h}" role="img" aria-label="{label}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<line class="gb-baseline" x1="0" y1="{base}" x2="{w}" y2="{base}"></line>{body}</svg>',
        w=WIDTH,
        h=HEIGHT,
        label=label,
        base=HEIGHT - PAD,
        body=body,
    )
