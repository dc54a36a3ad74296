"""Structured data complete for its type (outputs/jsonld.py), on every product page of the tests' hub
as published: the properties search engines require of each schema.org type, and those they
recommend that commhub's content has, with values of the right form.

REQUIRED and RECOMMENDED follow Google Search Central's structured-data documentation
(developers.google.com/search/docs/appearance/structured-data/): `video` (VideoObject: name,
thumbnailUrl, uploadDate required; contentUrl or embedUrl, description, duration recommended),
`faqpage` (FAQPage: mainEntity; Question: name, acceptedAnswer; Answer: text), `image-license-metadata`
(ImageObject: contentUrl, and one of creator, creditText, copyrightNotice, license), `article`
(author, datePublished, headline, image recommended). Schema.org itself requires nothing; it is the
vocabulary: every property used must be one of the type's (PROPERTIES).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from commhub.outputs.jsonld import faq_questions
from commhub.outputs.media_info import clock_duration, iso_duration
from conftest import PUBLISHED_SITE_URL

REQUIRED = {
    "VideoObject": {"name", "thumbnailUrl", "uploadDate"},
    "FAQPage": {"mainEntity"},
    "ImageObject": {"contentUrl"},
}
RECOMMENDED = {
    "VideoObject": {"description", "contentUrl"},  # duration: only when the file says (WebM does not)
    "AudioObject": {"contentUrl", "encodingFormat", "duration", "uploadDate", "thumbnailUrl"},
    "Article": {"author", "datePublished", "headline", "image"},
    "NewsArticle": {"author", "datePublished", "headline", "image"},
    "ImageObject": {"creator", "image"},
    "DigitalDocument": {"author", "datePublished", "image"},
    "Book": {"author", "datePublished", "image"},
}
COMMON = {"@context", "@type", "url", "name", "description", "inLanguage", "datePublished", "publisher", "author",
          "about", "image", "translationOfWork", "workTranslation"}
MEDIA = {"contentUrl", "encodingFormat", "duration", "uploadDate", "thumbnailUrl"}
# The schema.org properties each type may carry (of those commhub writes): CreativeWork's for all,
# MediaObject's for the media types, Article's headline, ImageObject's creator, FAQPage's mainEntity.
PROPERTIES = {
    "Article": COMMON | {"headline"}, "NewsArticle": COMMON | {"headline"},
    "ImageObject": COMMON | MEDIA | {"creator"}, "VideoObject": COMMON | MEDIA, "AudioObject": COMMON | MEDIA,
    "DigitalDocument": COMMON | {"contentUrl", "encodingFormat"}, "Book": COMMON | {"contentUrl", "encodingFormat"},
    "FAQPage": COMMON | {"mainEntity"},
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DURATION = re.compile(r"^PT(\d+H)?(\d+M)?(\d+S)?$")


def structured(page: Path) -> dict | None:
    script = LexborHTMLParser(page.read_text(encoding="utf-8")).css_first('script[type="application/ld+json"]')
    return json.loads(script.text()) if script is not None else None


@pytest.fixture(scope="module")
def products(published_hub_site) -> dict[str, dict]:
    found = {}
    for page in sorted(published_hub_site.rglob("products/*/index.html")):
        data = structured(page)
        if data is not None:
            found[page.relative_to(published_hub_site).parent.as_posix()] = data
    return found


def test_every_type_is_there(products):
    assert {data["@type"] for data in products.values()} >= {"Article", "NewsArticle", "ImageObject", "VideoObject",
                                                             "AudioObject", "DigitalDocument", "Book", "FAQPage"}


def test_each_type_has_what_search_engines_require_and_recommend(products, published_hub_site):
    for where, data in products.items():
        kind = data["@type"]
        missing = (REQUIRED.get(kind, set()) | RECOMMENDED.get(kind, set())) - data.keys()
        assert not missing, (where, kind, missing)
        assert data.keys() <= PROPERTIES[kind], (where, data.keys() - PROPERTIES[kind])
        assert ISO_DATE.match(data["datePublished"])
        for key in ("url", "image", "contentUrl", "thumbnailUrl"):
            if key in data:  # absolute, and a file of the site
                assert data[key].startswith(PUBLISHED_SITE_URL), (where, key, data[key])
                relative = urlsplit(data[key]).path.removeprefix(urlsplit(PUBLISHED_SITE_URL).path)
                target = published_hub_site / relative
                assert (target / "index.html" if relative.endswith("/") or not relative else target).is_file(), \
                    (where, key, data[key])
        if kind in ("VideoObject", "AudioObject"):
            assert ISO_DATE.match(data["uploadDate"])
            assert data["encodingFormat"].startswith(("audio/", "video/"))
        if "duration" in data:
            assert ISO_DURATION.match(data["duration"]), data["duration"]


def test_audio_carries_the_duration_its_file_has(products, published_hub_site):
    import mutagen

    audio = [data for data in products.values() if data["@type"] == "AudioObject"]
    assert audio
    for data in audio:
        file = published_hub_site / urlsplit(data["contentUrl"]).path.lstrip("/")
        seconds = mutagen.File(file).info.length  # media_files.py's MP3 of two frames: 0.05 s
        assert data["duration"] == iso_duration(seconds) == "PT1S"  # at least a second, as apps show it


def test_a_qa_lists_its_questions_and_answers(products):
    faqs = {where: data for where, data in products.items() if data["@type"] == "FAQPage"}
    assert faqs
    for where, data in faqs.items():
        assert data["mainEntity"], where
        for question in data["mainEntity"]:
            assert question["@type"] == "Question" and question["name"].strip()
            assert question["acceptedAnswer"]["@type"] == "Answer" and question["acceptedAnswer"]["text"].strip()
            assert "¶" not in question["name"]  # no permalink sign from the heading


def test_questions_are_the_headings_and_answers_what_follows():
    body = ("<p>Lời dẫn.</p><h2 id='a'>Ai được trợ giúp?</h2><p>Người nghèo.</p><ul><li>Trẻ em</li></ul>"
            "<h3>Chi tiết</h3><p>Thêm.</p><h2>Ở đâu?</h2><p>Trung tâm.</p><h2>Trống</h2>")
    assert faq_questions(body) == [
        {"@type": "Question", "name": "Ai được trợ giúp?",
         "acceptedAnswer": {"@type": "Answer", "text": "Người nghèo.\nTrẻ em\nChi tiết\nThêm."}},
        {"@type": "Question", "name": "Ở đâu?", "acceptedAnswer": {"@type": "Answer", "text": "Trung tâm."}}]
    assert faq_questions("<h3>Hỏi?</h3><p>Đáp.</p>")[0]["name"] == "Hỏi?"  # the first level the body uses
    assert faq_questions("<p>Không có câu hỏi.</p>") == []


def test_a_qa_without_questions_is_an_article(tmp_path):
    from helpers import build_site, standard_corpus

    corpus = standard_corpus(tmp_path)
    corpus.product("hoi-dap-trong", type="qa", published="2024-02-02")
    corpus.version("hoi-dap-trong", "vi", "Hỏi đáp chưa có câu hỏi", body="Chỉ một đoạn văn.")
    site = build_site(tmp_path)
    assert structured(site / "products/hoi-dap-trong/index.html")["@type"] == "Article"


def test_durations_are_written_as_standards_say():
    assert iso_duration(2.0) == "PT2S" and iso_duration(3725.4) == "PT1H2M5S" and iso_duration(60) == "PT1M"
    assert clock_duration(2.0) == "00:00:02" and clock_duration(3725.4) == "01:02:05"
