"""QR codes back to a page (segno), inline SVG: printed leaflets and posters lead readers to the page
of their language. No style attribute (the pages' CSP allows none); the code is drawn in black on
the paper's white."""

from __future__ import annotations

import html

import segno
from markupsafe import Markup


def qr_svg(url: str, label: str) -> Markup:
    """`url` as an inline SVG QR code (error correction M: a printed code survives some wear)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(border=4, svgclass="qr", lineclass=None, omitsize=True)  # a viewBox: CSS sizes it
    # An image with a name for screen readers; the title segno would add is not read out everywhere.
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label, quote=True)}" ', 1))
