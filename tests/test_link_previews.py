"""Link previews (outputs/social.py): every page's Open Graph and Twitter Card tags, and the share cards
they point to, whose Khmer is shaped as HarfBuzz shapes it and broken between words."""

from __future__ import annotations

import functools
import io
import re
import struct
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont
from selectolax.lexbor import LexborHTMLParser

from commhub.content.model import Language
from commhub.outputs.share_cards import FONTS, SCRIPTS, Card, Renderer, runs
from commhub.outputs.social import og_locale
from helpers import build_site, standard_corpus

SITE_URL = "https://hub.example.vn/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("previews")
    standard_corpus(root)
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    return build_site(root, strict=True)


def tags(page: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in LexborHTMLParser(page.read_text(encoding="utf-8")).css("meta"):
        key = meta.attributes.get("property") or meta.attributes.get("name") or ""
        if key.startswith(("og:", "twitter:")):
            found.setdefault(key, []).append(meta.attributes.get("content") or "")
    return found


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_page_has_a_complete_preview(site):
    pages = [page for page in sorted(site.rglob("index.html")) if page.relative_to(site).parts[0] != "admin"]
    assert len(pages) > 40
    for page in pages:
        found = tags(page)
        url = SITE_URL + page.relative_to(site).parent.as_posix() + "/"
        url = url.replace("/./", "/")
        for key in ("og:type", "og:title", "og:site_name", "og:url", "og:image", "og:image:alt", "og:locale",
                    "twitter:card", "twitter:title", "twitter:image"):
            assert found.get(key, [""])[0].strip(), (page, key)
        assert found["og:type"][0] in ("article", "website")
        canonical = LexborHTMLParser(page.read_text(encoding="utf-8")).css_first('link[rel="canonical"]')
        expected = canonical.attributes["href"] if canonical is not None else url
        assert found["og:url"] == [expected], page
        assert re.fullmatch(r"[a-z]{2,3}_[A-Z]{2}", found["og:locale"][0]), page
        image = found["og:image"][0]
        assert image.startswith(SITE_URL) and image == found["twitter:image"][0]
        assert png_size(site / image.removeprefix(SITE_URL)) == (1200, 630), page


def test_a_product_page_previews_its_own_version(site):
    found = tags(site / "km/products/tro-giup-phap-ly/index.html")
    assert found["og:type"] == ["article"]
    assert found["og:title"] == ["ជំនួយផ្នែកច្បាប់ឥតគិតថ្លៃ"] == found["og:image:alt"]
    assert found["og:locale"] == ["km_KH"]
    assert sorted(found["og:locale:alternate"]) == ["en_US", "vi_VN"]
    assert found["og:image"] == [SITE_URL + "share/km/products/tro-giup-phap-ly.png"]
    # A fallback page (no Khmer version of this product) shows, and previews, the original.
    fallback = tags(site / "km/products/bao-luc-gia-dinh/index.html")
    assert fallback["og:image"] == [SITE_URL + "share/vi/products/bao-luc-gia-dinh.png"]
    assert fallback["og:url"] == [SITE_URL + "products/bao-luc-gia-dinh/"] and fallback["og:locale"] == ["vi_VN"]


@pytest.mark.parametrize("code, group, locale", [
    ("vi", "national", "vi_VN"), ("km", "ethnic_minority", "km_KH"), ("hmn", "ethnic_minority", "hmn_VN"),
    ("ktv", "ethnic_minority", "ktv_VN"), ("en", "foreign", "en_US"), ("fr", "foreign", "fr_FR"),
    ("zh", "foreign", "zh_CN"), ("qaa-x-demo", "ethnic_minority", "qaa_VN"),
])
def test_og_locale_takes_the_platforms_form(code, group, locale):
    assert og_locale(Language(code, code, group)) == locale


# --- the cards' text, against HarfBuzz ---------------------------------------------------------------

KHMER_TITLE = "ការចុះសំបុត្រកំណើតឱ្យកុមារ និងសិទ្ធិរបស់កុមារក្នុងការមានអត្តសញ្ញាណ និងសញ្ជាតិ"


@functools.lru_cache(maxsize=None)
def harfbuzz_font(name: str) -> hb.Font:
    font = TTFont(str(FONTS / name))
    font.flavor = None  # WOFF2 → the plain OpenType HarfBuzz reads
    data = io.BytesIO()
    font.save(data)
    return hb.Font(hb.Face(data.getvalue()))


def shaped(text: str, name: str, size: int) -> tuple[float, list[int]]:
    """HarfBuzz's width of `text` at `size` px and the start of each of its clusters."""
    font = harfbuzz_font(name)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    scale = size / font.face.upem
    return sum(position.x_advance for position in buffer.glyph_positions) * scale, \
        sorted({info.cluster for info in buffer.glyph_infos})


def test_khmer_on_a_card_is_shaped_as_harfbuzz_shapes_it():
    renderer = Renderer()
    bold = SCRIPTS["khmer"][0][1]
    for text in ("សិទ្ធិកុមារ", "ការចុះសំបុត្រកំណើត", "អត្តសញ្ញាណ"):
        width, _ = shaped(text, bold, 64)
        assert renderer.width(text, True, 64, "km") == pytest.approx(width, abs=1.0)
        # Unshaped, the subscript consonants (after U+17D2) would take room of their own.
        unshaped = sum(harfbuzz_font(bold).get_glyph_h_advance(harfbuzz_font(bold).get_nominal_glyph(ord(char)) or 0)
                       for char in text) * 64 / 1000
        assert abs(unshaped - width) > 5, text


def test_khmer_lines_break_between_words_and_never_inside_a_cluster():
    renderer = Renderer()
    lines = renderer.wrap(KHMER_TITLE, True, 64, "km", 1200 - 2 * 72, 3)
    assert len(lines) >= 2 and "".join(lines).replace(" ", "") == KHMER_TITLE.replace(" ", "")
    _, clusters = shaped(KHMER_TITLE, SCRIPTS["khmer"][0][1], 64)
    words = set(renderer.break_points(KHMER_TITLE, "km"))
    offset = 0
    for line in lines[:-1]:
        offset = KHMER_TITLE.index(line, offset) + len(line)
        end = offset + (KHMER_TITLE[offset:offset + 1] == " ")
        assert end in words and (end in clusters or end == len(KHMER_TITLE)), line
        assert renderer.width(line, True, 64, "km") <= 1200 - 2 * 72


def test_a_title_in_a_script_without_a_font_is_left_off_the_card_not_drawn_as_boxes():
    renderer = Renderer()
    with_title = renderer.render(Card("zh", "免费法律援助", "文章", "司法厅", "Cổng"))
    without = renderer.render(Card("zh", "", "", "", "Cổng"))
    assert with_title == without
    assert runs("Quyền ការ") == [("latin", "Quyền "), ("khmer", "ការ")]
