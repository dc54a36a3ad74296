"""Hostile text in every field an editor can write is rendered inert: escaped, never markup.

The templates are rendered with autoescape on (the plugin turns it on for the whole Jinja
environment), so every value is escaped unless it is markup commhub made and marked safe (a
sanitised body, charts, JSON-LD): each page type is built here with the payload in every field.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from helpers import Corpus, build_site

PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&</title></script>'
HOSTILE_YAML = PAYLOAD.replace("\\", "\\\\").replace('"', '\\"')  # inside a double-quoted YAML string


class Elements(HTMLParser):
    """Every element and attribute of a page, and the text of its scripts."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script = attrs
            self.scripts.append((attrs, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("attack")
    corpus = Corpus(root)
    languages = yaml.safe_load((corpus.content / "languages.yml").read_text(encoding="utf-8"))
    languages["languages"][3]["name"] = f"English {PAYLOAD}"
    corpus.write_yaml("languages.yml", languages)
    for registry in ("channels", "units", "topics"):
        data = yaml.safe_load((corpus.content / f"{registry}.yml").read_text(encoding="utf-8"))
        data[registry][0]["name"]["vi"] = f"Tên {PAYLOAD}"
        corpus.write_yaml(f"{registry}.yml", data)
    corpus.product("tan-cong", media=[{"file": "anh.png", "kind": "image", "alt": {"vi": f"Ảnh {PAYLOAD}",
                                                                                  "en": f"Image {PAYLOAD}"}}])
    (corpus.content / "products/tan-cong/anh.png").write_bytes(
        bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000c49444154789c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082"))
    corpus.version("tan-cong", "vi", f"Tiêu đề {PAYLOAD}", summary=f"Tóm tắt {PAYLOAD}",
                   body=f'[liên kết](https://example.org "tiêu đề {PAYLOAD}")')
    corpus.version("tan-cong", "en", f"Title {PAYLOAD}", summary=f"Summary {PAYLOAD}",
                   translation={"of": "vi", "method": "human", "reviewed": False, "translator": f"T {PAYLOAD}"},
                   body="## Hỏi & đáp \"1\" 'a' &lt;b&gt;\n\nChữ.")
    corpus.write("targets.yml", f"""\
plan:
  name: "Kế hoạch {HOSTILE_YAML}"
  reference: "Số {HOSTILE_YAML}"
period: {{from: 2024-01-01, to: 2024-12-31}}
count: versions
targets:
  - id: muc-tieu
    label:
      vi: "Mục tiêu {HOSTILE_YAML}"
      en: "Target {HOSTILE_YAML}"
    any: [{{language_group: foreign}}]
    share: {{min: 0.15}}
""")
    (root / "docs" / "about.md").write_text(f"---\ntitle: \"Giới thiệu {HOSTILE_YAML}\"\n---\n\nGiới thiệu.\n",
                                            encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("site_name: test hub", f"site_name: \"Hub {HOSTILE_YAML}\"")
                                     + f"site_description: \"Mô tả {HOSTILE_YAML}\"\n", encoding="utf-8")
    return build_site(root)


def pages(site):
    return sorted(site.rglob("*.html"))


def test_every_page_type_was_built(site):
    built = {path.relative_to(site).as_posix() for path in pages(site)}
    for page in ("index.html", "en/index.html", "products/tan-cong/index.html", "en/products/tan-cong/index.html",
                 "km/products/tan-cong/index.html", "catalogue/index.html", "topics/index.html",
                 "search/index.html", "progress/index.html", "en/progress/index.html", "about/index.html",
                 "en/about/index.html", "404.html"):
        assert page in built, page


def test_no_page_gains_an_element_from_the_payload(site):
    """Parsed as a browser parses them, no page holds an element or attribute the payload would make,
    and no text reads "&lt;" where the reader should see "<" (escaped twice)."""
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        tree = LexborHTMLParser(html)
        for node in tree.root.traverse():
            if node.tag == "img":
                assert node.attributes.get("src") != "x", path
            if node.tag == "script":
                assert "alert" not in (node.text() or "") or node.attributes.get("type") in (
                    "application/json", "application/ld+json"), path
        for text in (node.text_content or "" for node in tree.root.traverse(include_text=True) if node.tag == "-text"):
            assert "&lt;script" not in text and "&amp;" not in text, (path, text[:80])


def test_no_page_gains_a_script_or_an_event_handler(site):
    for path in pages(site):
        parsed = Elements(path.read_text(encoding="utf-8"))
        for tag, attrs in parsed.elements:
            handlers = [name for name in attrs if name.startswith("on")]
            assert handlers == [], (path, tag, attrs)
        for attrs, text in parsed.scripts:
            if "src" in attrs:
                assert not re.match(r"^[a-z]+:", attrs["src"]), (path, attrs)  # the site's own files only
                assert text.strip() == ""
            else:
                # Only data islands: JSON that the browser never runs.
                assert attrs.get("type") in ("application/json", "application/ld+json"), (path, attrs, text[:80])
                json.loads(text)


def test_hostile_text_is_shown_escaped(site):
    html = (site / "en/products/tan-cong/index.html").read_text(encoding="utf-8")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
    assert f"Title {escaped}" in html  # h1
    assert f"Summary {escaped}" in html
    assert f"T {escaped}" in html  # translator
    assert 'alt="Image &lt;script&gt;' in html
    assert "<title>Title &lt;script&gt;" in html
    vietnamese = (site / "products/tan-cong/index.html").read_text(encoding="utf-8")
    assert vietnamese.count(f"Tên {escaped}") >= 2  # unit and channel names (the topic is the second one)
    assert f"English {escaped}" in vietnamese  # a language's name in the switcher


def test_json_ld_keeps_the_title_inside_the_json(site):
    html = (site / "en/products/tan-cong/index.html").read_text(encoding="utf-8")
    [(attrs, text)] = [item for item in Elements(html).scripts if item[0].get("type") == "application/ld+json"]
    assert "</script>" not in text and "<" not in text
    assert json.loads(text)["name"] == f"Title {PAYLOAD}"


def test_feeds_and_open_data_carry_the_text_as_text(site):
    feed = ET.parse(site / "en/feed.xml").getroot()
    titles = [element.text for element in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert f"Title {PAYLOAD}" in titles
    data = json.loads((site / "en/data/products.json").read_text(encoding="utf-8"))
    rows = data if isinstance(data, list) else data.get("products", data.get("items", []))
    assert any(row.get("title") == f"Title {PAYLOAD}" for row in rows)
