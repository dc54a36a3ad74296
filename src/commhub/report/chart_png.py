"""A report's bar chart as a PNG at print resolution, for the Word document (report/docx.py).

The same chart as the site's SVG (report/charts.py): a label column, bars from one axis, and each
bar's value text after it. The text is drawn with the site's own fonts, one per script, shaped by
Raqm (share_cards.Renderer), so Vietnamese diacritics and Khmer's stacked consonants print as the
fonts mean them. A label with characters commhub has no font for (Han, for one) is left off rather
than drawn as empty glyphs: the document's table next to the chart carries every label.

The picture is a function of the chart alone: same chart, same bytes (no time or software stamp).
"""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw

from commhub.outputs.share_cards import Renderer, drawable, runs
from commhub.report.document import Chart

WIDTH = 1600  # 16 cm in the document: 100 px per cm, 254 dpi
DPI = 254
MARGIN = 32
ROW = 64  # height of one bar's row
BAR = 40
FONT_SIZE = 34  # about 9.5 pt at 16 cm
GAP = 16  # between a label and the axis, and between a bar and its value text
LABEL_MAX = WIDTH * 2 // 5  # longer labels are cut, ending in …
BACKGROUND = (255, 255, 255)
INK = (33, 33, 33)  # text and axis
BAR_FILL = (40, 53, 147)  # the share cards' indigo: dark on paper, also when printed in grey


@functools.lru_cache(maxsize=1)
def _renderer() -> Renderer:
    return Renderer()  # keeps its fonts open between charts


def _draw(draw: ImageDraw.ImageDraw, renderer: Renderer, x: float, baseline: float, text: str, lang: str) -> None:
    """`text` run by run in its script's font; anchored at the baseline, so a Khmer run and a Latin run
    (fonts of different ascents) sit on one line."""
    for script, part in runs(text):
        font = renderer.font(script, False, FONT_SIZE)
        draw.text((x, baseline), part, font=font, fill=INK, anchor="ls", language=lang)
        x += font.getlength(part, language=lang)


def bar_chart_png(chart: Chart, lang: str = "vi") -> bytes:
    """A horizontal bar chart of `chart.bars`, about WIDTH px wide; `lang` is the document's language
    (how Raqm shapes the text, and where ICU lets a long label be cut)."""
    renderer = _renderer()
    labels = [renderer.wrap(label, False, FONT_SIZE, lang, LABEL_MAX, 1) if drawable(label) else []
              for label, _, _ in chart.bars]
    labels = [lines[0] if lines else "" for lines in labels]
    values = [text if drawable(text) else "" for _, _, text in chart.bars]
    label_width = max((renderer.width(label, False, FONT_SIZE, lang) for label in labels), default=0)
    value_width = max((renderer.width(text, False, FONT_SIZE, lang) for text in values), default=0)
    axis = round(MARGIN + label_width + GAP)
    room = max(0, WIDTH - MARGIN - axis - GAP - value_width)
    largest = max((max(value, 0) for _, value, _ in chart.bars), default=0)
    height = 2 * MARGIN + ROW * max(1, len(chart.bars))

    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for index, ((_, value, _), label, value_text) in enumerate(zip(chart.bars, labels, values)):
        middle = MARGIN + index * ROW + ROW / 2
        baseline = middle + 0.35 * FONT_SIZE  # as the SVG's dy="0.35em": the text's middle on the bar's
        length = round(room * max(value, 0) / largest) if largest else 0
        _draw(draw, renderer, axis - GAP - renderer.width(label, False, FONT_SIZE, lang), baseline, label, lang)
        if length:
            draw.rectangle((axis, middle - BAR / 2, axis + length - 1, middle + BAR / 2 - 1), fill=BAR_FILL)
        _draw(draw, renderer, axis + length + GAP, baseline, value_text, lang)
    draw.line((axis, MARGIN, axis, height - MARGIN), fill=INK, width=2)

    out = io.BytesIO()
    image.save(out, "PNG", dpi=(DPI, DPI), compress_level=9)
    return out.getvalue()
