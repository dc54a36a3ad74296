"""Share cards: the 1200×630 PNG a chat app or social network shows with a shared link (`og:image`).

One card per published language version of a product (its title, type, unit and the hub's name),
and one per language for the site's other pages (the hub's name and description). Text is shaped
by Pillow's Raqm layout (HarfBuzz, FriBiDi): Khmer's stacked consonants and vowel signs come out as
the font means them; lines break where ICU's line breaker allows, which for Khmer, written without
spaces, is between words (its dictionary, as search uses). The fonts are the site's own (theme
assets), one per script: Latin and Vietnamese, Khmer. A text in a script commhub has no font for
(Han, for one) is left off the card rather than drawn as boxes; `og:image:alt` still carries it.

A card is a function of its texts, the fonts and this module's layout (`VERSION`): it is kept under
that hash in the cards cache, so a rebuild renders only the cards whose text changed.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import icu
from PIL import Image, ImageDraw, ImageFont, features

from commhub import THEME_DIR

VERSION = "2"  # change with the layout: every cached card is made again
WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BACKGROUND = (40, 53, 147)  # Material indigo 800: white text on it has a contrast of 10.4
FOREGROUND = (255, 255, 255)
MUTED = (197, 202, 233)  # indigo 100
FONTS = THEME_DIR / "assets" / "fonts"
# Each script's font files (regular, bold) and the characters they cover (fonts/README.md).
SCRIPTS = {
    "khmer": (("noto-sans-khmer-400.woff2", "noto-sans-khmer-700.woff2"), ((0x1780, 0x17FF), (0x19E0, 0x19FF))),
    "latin": (("noto-sans-latin-vi-400.woff2", "noto-sans-latin-vi-700.woff2"),
              ((0x0000, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20AB, 0x20AC))),
}
NEUTRAL = {0x20, 0x200B, 0x200C, 0x200D, 0x25CC}  # spaces and joiners: any font has them


@dataclass(frozen=True)
class Card:
    """What a card says, in one language."""

    lang: str
    heading: str  # the product's title, or the hub's name on the site's card
    kicker: str = ""  # above the heading: the product's type
    footer: str = ""  # below: the unit, or the hub's description
    brand: str = ""  # at the top: the hub's name (on a product's card)
    # Pixels: a link preview's 1200×630, or a podcast's square cover (outputs/podcast.py).
    size: tuple[int, int] = (WIDTH, HEIGHT)

    def key(self) -> str:
        data = [_fonts_signature(), self.lang, self.heading, self.kicker, self.footer, self.brand]
        if self.size != (WIDTH, HEIGHT):
            data.append(list(self.size))
        return hashlib.sha256(json.dumps(data).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=1)
def _fonts_signature() -> list:
    """The layout's version and the fonts' sizes: what, besides the texts, fixes a card's pixels."""
    return [VERSION, *((name, os.path.getsize(FONTS / name)) for names, _ in SCRIPTS.values() for name in names)]


def shaping_available() -> bool:
    """Pillow has Raqm (HarfBuzz + FriBiDi): without it Khmer would be drawn letter by letter."""
    return features.check("raqm")


def script_of(char: str) -> str | None:
    code = ord(char)
    if code in NEUTRAL:
        return ""
    for script, (_, ranges) in SCRIPTS.items():
        if any(low <= code <= high for low, high in ranges):
            return script
    return None


def drawable(text: str) -> bool:
    """Every character of `text` is in one of the fonts."""
    return all(script_of(char) is not None for char in text)


def runs(text: str) -> list[tuple[str, str]]:
    """`text` cut into (script, part) runs; spaces and joiners join the run before them."""
    out: list[tuple[str, str]] = []
    for char in text:
        script = script_of(char) or "latin"
        if script == "" and out:
            script = out[-1][0]
        elif script == "":
            script = "latin"
        if out and out[-1][0] == script:
            out[-1] = (script, out[-1][1] + char)
        else:
            out.append((script, char))
    return out


_BREAKERS: dict[str, icu.BreakIterator] = {}


def break_points(text: str, lang: str) -> list[int]:
    """Offsets in `text` where a line may end: ICU's line breaking, which puts Khmer's, written without
    spaces, between words (its dictionary, as search uses). The cards and the PDFs (outputs/pdfs.py) break there."""
    breaker = _BREAKERS.get(lang)
    if breaker is None:
        breaker = _BREAKERS[lang] = icu.BreakIterator.createLineInstance(icu.Locale(lang))
    breaker.setText(text)
    # ICU counts UTF-16 units; Python strings count code points.
    utf16 = text.encode("utf-16-le")
    return [len(utf16[:boundary * 2].decode("utf-16-le")) for boundary in breaker]


class Renderer:
    """Draws cards; its fonts are opened once per size."""

    def __init__(self):
        self._fonts: dict[tuple[str, bool, int], ImageFont.FreeTypeFont] = {}

    def font(self, script: str, bold: bool, size: int) -> ImageFont.FreeTypeFont:
        key = (script, bold, size)
        if key not in self._fonts:
            names, _ = SCRIPTS[script]
            self._fonts[key] = ImageFont.truetype(str(FONTS / names[bold]), size,
                                                  layout_engine=ImageFont.Layout.RAQM)
        return self._fonts[key]

    def width(self, text: str, bold: bool, size: int, lang: str) -> float:
        return sum(self.font(script, bold, size).getlength(part, language=lang) for script, part in runs(text))

    def draw_text(self, draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, bold: bool, size: int,
                  fill, lang: str) -> None:
        x, y = xy
        for script, part in runs(text):
            font = self.font(script, bold, size)
            draw.text((x, y), part, font=font, fill=fill, language=lang)
            x += font.getlength(part, language=lang)

    def break_points(self, text: str, lang: str) -> list[int]:
        """Offsets where a line may end (ICU's line breaking: between Khmer words too)."""
        return break_points(text, lang)

    def wrap(self, text: str, bold: bool, size: int, lang: str, width: float, max_lines: int) -> list[str]:
        """Lines of at most `width`, cut only where a line may end; the last ends in … if text is left."""
        lines, start = [], 0
        points = [point for point in self.break_points(text, lang) if point > 0]
        while start < len(text) and len(lines) < max_lines:
            end = start
            for point in points:
                if point <= start:
                    continue
                if self.width(text[start:point].rstrip(), bold, size, lang) > width:
                    break
                end = point
            if end == start:  # one word wider than the line: cut it where it fits
                end = start + 1
                while end < len(text) and self.width(text[start:end + 1], bold, size, lang) <= width:
                    end += 1
            lines.append(text[start:end].strip())
            start = end
        if start < len(text) and lines:
            last = lines[-1]
            while last and self.width(last + "…", bold, size, lang) > width:
                last = last[:-1]
            lines[-1] = last.rstrip() + "…"
        return [line for line in lines if line]

    def render(self, card: Card) -> bytes:
        width, height = card.size
        image = Image.new("RGB", (width, height), BACKGROUND)
        draw = ImageDraw.Draw(image)
        # A larger card is drawn as the link preview's layout scaled to its width; a square one (a
        # podcast's cover, seen as a thumbnail in the apps) larger still, with room for more lines.
        scale = width / WIDTH if height < width else 1.6 * width / 1400
        margin, heading_lines = round(MARGIN * scale), (3 if height < width else 5)

        def px(value: float) -> int:
            return round(value * scale)

        lang, inner = card.lang, width - 2 * margin
        y = margin
        if card.brand and drawable(card.brand):
            for line in self.wrap(card.brand, True, px(34), lang, inner, 1):
                self.draw_text(draw, (margin, y), line, True, px(34), MUTED, lang)
            y += px(70)
        if card.kicker and drawable(card.kicker):
            self.draw_text(draw, (margin, y), self.wrap(card.kicker, False, px(32), lang, inner, 1)[0], False,
                           px(32), MUTED, lang)
            y += px(56)
        if drawable(card.heading):
            size = px(64)
            lines = self.wrap(card.heading, True, size, lang, inner, heading_lines)
            if len(lines) == heading_lines:
                size = px(56)
                lines = self.wrap(card.heading, True, size, lang, inner, heading_lines)
            for line in lines:
                self.draw_text(draw, (margin, y), line, True, size, FOREGROUND, lang)
                y += int(size * 1.45)
        if card.footer and drawable(card.footer):
            lines = self.wrap(card.footer, False, px(30), lang, inner, 2)
            bottom = height - margin - px(44) * len(lines)
            for index, line in enumerate(lines):
                self.draw_text(draw, (margin, bottom + px(44) * index), line, False, px(30), MUTED, lang)
        out = io.BytesIO()
        # Three colours and their anti-aliasing fit a 32-colour palette: a third of the bytes of RGB for
        # readers on slow connections, and half the time to encode.
        image.quantize(32, method=Image.Quantize.FASTOCTREE).save(out, "PNG", compress_level=6)
        return out.getvalue()


# Cards rendered in this process, by key (a key fixes every pixel): shared by the builds a process
# runs (`mkdocs serve` rebuilds, tests), at most MEMORY_CARDS of them.
MEMORY_CARDS = 4000
_MEMORY: dict[str, bytes] = {}


class CardCache:
    """Rendered cards by their key: on disk under `directory` when the hub keeps a cache, and in memory.

    `write_all` puts many cards into a site at once: cached ones are hard-linked from the cache (no
    bytes read or written), the others rendered in `jobs` processes when there are enough of them.
    """

    PARALLEL_FROM = 40  # below this, starting processes costs more than it saves
    SUFFIX = ".png"
    MEMORY_LIMIT = MEMORY_CARDS

    def __init__(self, directory: Path | None):
        self.directory = directory
        self.memory = _MEMORY
        self.renderer: Renderer | None = None
        self.rendered = self.reused = 0

    def write_all(self, cards: dict[Path, Card], jobs: int = 1) -> None:
        keys = {path: card.key() for path, card in cards.items()}
        missing = {key: card for path, card in cards.items() if not self._have(key := keys[path])}
        for key, data in self._render(missing, jobs):
            self._keep(key, data)
        self.rendered += len(missing)
        self.reused += len(cards) - len(missing)
        for path, key in keys.items():
            self.place(path, key)

    def place(self, path: Path, key: str) -> None:
        """Put the rendered file of `key` (which the cache has) at `path`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        cached = self._path(key)
        if cached is not None and cached.is_file():
            try:
                path.unlink(missing_ok=True)
                os.link(cached, path)  # the cache and the site are on one file system, usually
                return
            except OSError:
                pass
        path.write_bytes(self._data(key))

    def _renderer(self) -> Renderer:
        self.renderer = self.renderer or Renderer()
        return self.renderer

    def _render(self, cards: dict[str, Card], jobs: int):
        if jobs <= 1 or len(cards) < self.PARALLEL_FROM:
            renderer = self._renderer()
            return [(key, renderer.render(card)) for key, card in cards.items()]
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return list(zip(cards, pool.map(_render_one, list(cards.values()), chunksize=16)))

    def _path(self, key: str) -> Path | None:
        return self.directory / f"{key}{self.SUFFIX}" if self.directory is not None else None

    def _have(self, key: str) -> bool:
        path = self._path(key)
        return key in self.memory or (path is not None and path.is_file())

    def _data(self, key: str) -> bytes:
        data = self.memory.get(key)
        if data is None:
            data = self._path(key).read_bytes()
        return data

    def _keep(self, key: str, data: bytes) -> None:
        path = self._path(key)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}")
            temporary.write_bytes(data)
            temporary.replace(path)
        else:  # without a cache on disk, memory keeps them (`mkdocs serve`, tests)
            if len(self.memory) >= self.MEMORY_LIMIT:
                self.memory.clear()
            self.memory[key] = data


_WORKER_RENDERER: Renderer | None = None


def _render_one(card: Card) -> bytes:
    global _WORKER_RENDERER
    _WORKER_RENDERER = _WORKER_RENDERER or Renderer()
    return _WORKER_RENDERER.render(card)
