"""Heading anchors fold Vietnamese as search does (`đ` → `d`), and the anchor a heading had before
(`đ` dropped) still leads to it: links shared earlier keep working."""

from __future__ import annotations

from commhub.markup.render import BodyRenderer
from helpers import build_site, standard_corpus
from linkcheck import broken_links


def test_d_is_folded_and_the_old_anchor_is_kept():
    html = BodyRenderer().render("## Bạo lực gia đình là gì?\n\nx\n\n## Quyền trẻ em\n\n## Đăng ký **khai** sinh\n")
    assert '<h2 id="bao-luc-gia-dinh-la-gi"><span id="bao-luc-gia-inh-la-gi"></span>Bạo lực gia đình là gì?</h2>' \
        in html
    assert '<h2 id="quyen-tre-em">Quyền trẻ em</h2>' in html  # no đ: one id, as before
    assert '<h2 id="dang-ky-khai-sinh"><span id="ang-ky-khai-sinh"></span>' in html


def test_both_anchors_work_on_the_built_site(tmp_path):
    corpus = standard_corpus(tmp_path)
    corpus.version("quyen-tre-em", "vi", "Quyền trẻ em", body="## Bạo lực gia đình là gì?\n\nNội dung.")
    corpus.version("tro-giup-phap-ly", "vi", "Trợ giúp pháp lý miễn phí",
                   body="[Mới](../quyen-tre-em/index.vi.md#bao-luc-gia-dinh-la-gi) và "
                        "[cũ](../quyen-tre-em/index.vi.md#bao-luc-gia-inh-la-gi).")
    site = build_site(tmp_path, strict=True)
    page = (site / "products/quyen-tre-em/index.html").read_text(encoding="utf-8")
    assert 'id="bao-luc-gia-dinh-la-gi"' in page and 'id="bao-luc-gia-inh-la-gi"' in page
    assert broken_links(site) == {}
