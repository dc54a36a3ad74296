"""Static SVG bar charts, made at build time: no JavaScript, no fonts or files from other hosts.

The charts are meant to be inlined in a page. Every mark is drawn in
`currentColor`, the page's text colour, so a chart keeps the text's contrast
(WCAG AA and more) in both the light and the dark theme, and its text uses the
page's fonts (the Khmer and Chinese font rules apply to it). Each chart has a
`<title>` and a `<desc>` and `role="img"`; the caller shows the same figures as
a table next to it, as the text alternative. Nothing is styled inline (the pages'
CSP has `style-src 'self'`): presentation attributes and the `commhub-chart`
class in commhub.css do it.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

WIDTH = 640  # also the charts' max-width in commhub.css (.commhub-chart): no inline style, for the CSP
ROW = 30  # height of one bar's row
BAR = 18
TOP = 8
FONT = 14
CHAR = 8.0  # estimated average advance of one character at FONT, to size the label column
LABEL_MIN, LABEL_MAX = 80, 260
VALUE_SPACE = 110  # room right of the longest bar for its value text


def bar_chart(chart_id: str, title: str, desc: str, bars: list[tuple[str, int, str]]) -> Markup:
    """A horizontal bar chart; `bars` are (label, value, value text shown after the bar)."""
    label_width = min(LABEL_MAX, max(LABEL_MIN, int(max((len(label) for label, _, _ in bars), default=0) * CHAR)))
    left = label_width + 12
    room = WIDTH - left - VALUE_SPACE
    largest = max((value for _, value, _ in bars), default=0)
    height = TOP * 2 + ROW * len(bars)
    ident = escape(chart_id, quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="commhub-chart" id="{ident}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'font-size="{FONT}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]
    for index, (label, value, value_text) in enumerate(bars):
        y = TOP + index * ROW
        middle = y + ROW / 2
        length = round(room * value / largest, 1) if largest else 0
        parts.append(
            f'<g class="commhub-chart__row">'
            f'<text class="commhub-chart__label" x="{label_width}" y="{middle}" dy="0.35em" text-anchor="end" '
            f'fill="currentColor">{escape(_fit(label, label_width))}</text>'
            f'<rect class="commhub-chart__bar" x="{left}" y="{middle - BAR / 2}" width="{length}" height="{BAR}" '
            f'fill="currentColor"/>'
            f'<text class="commhub-chart__value" x="{left + length + 6}" y="{middle}" dy="0.35em" '
            f'fill="currentColor">{escape(value_text)}</text>'
            f'</g>'
        )
    parts.append(f'<line class="commhub-chart__axis" x1="{left}" y1="{TOP}" x2="{left}" y2="{height - TOP}" '
                 f'stroke="currentColor" stroke-width="1"/>')
    parts.append("</svg>")
    return Markup("".join(parts))  # markup that escapes its own text: the templates print it as is


def _fit(label: str, width: int) -> str:
    """Shorten a label that cannot fit its column; the full text is in the table beside the chart."""
    limit = int(width / CHAR)
    return label if len(label) <= limit else label[: limit - 1] + "…"
