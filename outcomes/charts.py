"""Charts drawn on the server as inline SVG: no JavaScript, no external request. A suppressed
figure ("<5") is drawn as no bar and no point."""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .report import Table

BAR_WIDTH = 300
LABEL_WIDTH = 290
ROW_HEIGHT = 24


def bar_chart(table: Table) -> SafeString:
    """Horizontal bars for the first column of a breakdown table."""
    values = [(row.label, row.cells[0]) for row in table.rows]
    largest = max((c.value for _l, c in values if not c.suppressed and c.value), default=0)
    height = ROW_HEIGHT * len(values) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [
        format_html(
            '<svg class="chart chart-bars" viewBox="0 0 {} {}" width="100%" role="img" '
            'aria-label="{}" xmlns="http://www.w3.org/2000/svg">',
            width,
            height,
            table.title,
        )
    ]
    for i, (label, cell) in enumerate(values):
        y = 4 + i * ROW_HEIGHT
        length = 0
        if not cell.suppressed and largest and cell.value:
            length = max(2, round(BAR_WIDTH * cell.value / largest))
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                LABEL_WIDTH - 6,
                y + 15,
                label,
                LABEL_WIDTH,
                y + 3,
                length,
                ROW_HEIGHT - 8,
                LABEL_WIDTH + length + 6,
                y + 15,
                cell.display,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


TREND_SERIES = (("active", "chart-line-a"), ("new_starts", "chart-line-b"))


def line_chart(trend: list[dict], *, series=TREND_SERIES) -> SafeString:
    """A monthly trend: one polyline per series; months with a suppressed figure are gaps."""
    if not trend:
        return mark_safe("")
    width, height, left, bottom, top = 600, 220, 40, 30, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    visible = [row[name].value for row in trend for name, _c in series if not row[name].suppressed]
    largest = max([v for v in visible if v] or [1])
    step = plot_w / max(1, len(trend) - 1)

    def point(i, value):
        return left + i * step, top + plot_h - plot_h * value / largest

    parts = [
        format_html(
            '<svg class="chart chart-trend" viewBox="0 0 {} {}" width="100%" role="img" '
            'aria-label="{}" xmlns="http://www.w3.org/2000/svg">',
            width,
            height,
            _("Verloop per maand"),
        ),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis"></line>'
            '<text x="{}" y="{}" text-anchor="end" class="chart-value">{}</text>'
            '<text x="{}" y="{}" text-anchor="end" class="chart-value">0</text>',
            left,
            top + plot_h,
            width - 10,
            top + plot_h,
            left - 4,
            top + 10,
            largest,
            left - 4,
            top + plot_h,
        ),
    ]
    for i, row in enumerate(trend):
        x, _y = point(i, 0)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
                round(x, 1),
                height - 10,
                row["month"].strftime("%m-%y"),
            )
        )
    for name, css in series:
        segment: list[str] = []
        segments = []
        for i, row in enumerate(trend):
            cell = row[name]
            if cell.suppressed or cell.value is None:
                segments.append(segment)
                segment = []
                continue
            x, y = point(i, cell.value)
            segment.append(f"{x:.1f},{y:.1f}")
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3" class="{}"><title>{}</title></circle>',
                    f"{x:.1f}",
                    f"{y:.1f}",
                    css,
                    cell.display,
                )
            )
        segments.append(segment)
        for points in segments:
            if len(points) > 1:
                parts.append(
                    format_html(
                        '<polyline points="{}" class="{}" fill="none"></polyline>',
                        " ".join(points),
                        css,
                    )
                )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(p if isinstance(p, SafeString) else str(escape(p)) for p in parts))
