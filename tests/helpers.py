"""Small hand-made corpora and a real MkDocs build of them, for the tests."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent

LANGUAGES = [
    {"code": "vi", "name": "Tiếng Việt", "group": "national", "default": True},
    {"code": "km", "name": "ភាសាខ្មែរ", "group": "ethnic_minority"},
    {"code": "hmn", "name": "Hmoob", "group": "ethnic_minority", "ui_fallback": "vi"},
    {"code": "en", "name": "English", "group": "foreign"},
]
CHANNELS = [
    {"id": "website", "name": {"vi": "Trang web", "en": "Website"}, "group": "digital"},
    {"id": "facebook", "name": {"vi": "Facebook"}, "group": "digital"},
    {"id": "radio", "name": {"vi": "Phát thanh", "en": "Radio"}, "group": "traditional"},
    {"id": "print", "name": {"vi": "Ấn phẩm in", "en": "Print"}, "group": "traditional"},
]
UNITS = [
    {"id": "so-tu-phap", "name": {"vi": "Sở Tư pháp", "en": "Department of Justice"}},
    {"id": "hoi-lhpn", "name": {"vi": "Hội Liên hiệp Phụ nữ", "en": "Women's Union"}},
]
TOPICS = [
    {"id": "legal-aid", "name": {"vi": "Trợ giúp pháp lý", "en": "Legal aid", "km": "ជំនួយផ្នែកច្បាប់"}},
    {"id": "childrens-rights", "name": {"vi": "Quyền trẻ em", "en": "Children's rights"}},
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Corpus:
    """Write a content/ tree; `product()` and `version()` add to it."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.content.mkdir(parents=True)
        self.write_yaml("languages.yml", {"languages": LANGUAGES})
        self.write_yaml("channels.yml", {"channels": CHANNELS})
        self.write_yaml("units.yml", {"units": UNITS})
        self.write_yaml("topics.yml", {"topics": TOPICS})
        docs = root / "docs"
        docs.mkdir()
        (docs / "index.md").write_text("---\ntitle: Trang chủ\n---\n\nXin chào.\n", encoding="utf-8")
        (docs / "index.en.md").write_text("---\ntitle: Home\n---\n\nHello.\n", encoding="utf-8")
        (docs / "about.md").write_text("---\ntitle: Giới thiệu\n---\n\nGiới thiệu.\n", encoding="utf-8")
        (root / "mkdocs.yml").write_text(textwrap.dedent(f"""\
            site_name: test hub
            theme:
              name: material
              language: vi
              font: false
            plugins:
              - commhub
            """), encoding="utf-8")

    def write_yaml(self, name: str, data) -> Path:
        path = self.content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    def write(self, name: str, text: str) -> Path:
        path = self.content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def product(self, slug: str, **fields) -> Path:
        data = {
            "type": "article", "topics": ["legal-aid"], "unit": "so-tu-phap", "channels": ["website"],
            "published": "2024-03-01", "original_language": "vi", "status": "published",
        }
        data.update(fields)
        data = {key: value for key, value in data.items() if value is not None}
        return self.write_yaml(f"products/{slug}/product.yml", data)

    def version(self, slug: str, lang: str, title: str, body: str = "Nội dung.", translation: dict | None = None,
                **fields) -> Path:
        meta = {"title": title, "summary": fields.pop("summary", f"Tóm tắt {title}")}
        if translation is not None:
            original = self.content / "products" / slug / f"index.{translation.pop('of')}.md"
            meta["translation"] = {"source_sha": sha256(original), **translation}
        meta.update(fields)
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        return self.write(f"products/{slug}/index.{lang}.md", f"---\n{front}---\n\n{body}\n")


def search_rows(folder: Path) -> tuple[dict, list[list[str]]]:
    """The header of the search index in `folder` (site/search/<lang>/) and every document's row, by number."""
    header = json.loads((folder / "docs.json").read_bytes())
    rows = [row for number in range(-(-header["count"] // header["per_file"]))
            for row in json.loads((folder / f"d{number}.json").read_bytes())]
    return header, rows


def build_site(root: Path, site_dir: Path | None = None, strict: bool = False) -> Path:
    site_dir = site_dir or root / "site"
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
    build(config)
    return site_dir


def standard_corpus(root: Path) -> Corpus:
    """Five products that exercise originals, translations, fallbacks and drafts."""
    corpus = Corpus(root)
    # 1: Vietnamese original; English machine-unreviewed; Khmer human-reviewed.
    corpus.product("tro-giup-phap-ly", type="leaflet", published="2024-05-06")
    corpus.version("tro-giup-phap-ly", "vi", "Trợ giúp pháp lý miễn phí")
    corpus.version("tro-giup-phap-ly", "en", "Free legal aid",
                   translation={"of": "vi", "method": "machine", "reviewed": False})
    corpus.version("tro-giup-phap-ly", "km", "ជំនួយផ្នែកច្បាប់ឥតគិតថ្លៃ",
                   translation={"of": "vi", "method": "human", "reviewed": True, "translator": "A"})
    # 2: Khmer original with a Vietnamese translation published later.
    corpus.product("bau-cu", type="video", original_language="km", topics=["childrens-rights"], published="2023-02-01")
    corpus.version("bau-cu", "km", "ការបោះឆ្នោត")
    corpus.version("bau-cu", "vi", "Bầu cử", translation={"of": "km", "method": "human", "reviewed": True},
                   published="2025-01-10")
    # A video's text alternative in each language (else `commhub check` warns).
    corpus.write("products/bau-cu/transcript.km.md", "អ្នកនិទាន៖ ការបោះឆ្នោតជាសិទ្ធិរបស់ពលរដ្ឋ។\n")
    corpus.write("products/bau-cu/transcript.vi.md", "**Người dẫn:** Bầu cử là quyền của công dân.\n")
    # 3: a draft product: nowhere on the site.
    corpus.product("ban-nhap", status="draft")
    corpus.version("ban-nhap", "vi", "Bản nháp")
    # 4: an English version that is still a draft.
    corpus.product("quyen-tre-em", type="qa", topics=["childrens-rights", "legal-aid"], published="2024-12-31")
    corpus.version("quyen-tre-em", "vi", "Quyền trẻ em")
    corpus.version("quyen-tre-em", "en", "Unfinished English draft", status="draft",
                   translation={"of": "vi", "method": "human", "reviewed": False})
    # 5: an outdated translation: the original changed after translating.
    corpus.product("bao-luc-gia-dinh", published="2023-07-15")
    corpus.version("bao-luc-gia-dinh", "vi", "Phòng chống bạo lực gia đình", body="Bản cũ.")
    corpus.version("bao-luc-gia-dinh", "en", "Preventing domestic violence",
                   translation={"of": "vi", "method": "human", "reviewed": True})
    corpus.version("bao-luc-gia-dinh", "vi", "Phòng chống bạo lực gia đình", body="Bản mới, đã sửa.")
    return corpus


# The mkdocs.yml of the hubs the tests generate with scripts/synthetic_corpus.py: a province's, as
# `commhub init` writes it (the address from SITE_URL, a page cache), never the demo hub's own.
GENERATED_MKDOCS_YML = """\
site_name: commhub
site_url: !ENV [SITE_URL, ""]
theme:
  name: material
  language: vi
  font: false
extra:
  generator: false
plugins:
  - commhub:
      content_dir: content
      cache_dir: .commhub-cache
"""


def synthetic_corpus(root: Path, products: int, **options) -> Path:
    """scripts/synthetic_corpus.py's corpus of `products` products under `root` (content/, docs/,
    mkdocs.yml); returns its content/ folder."""
    if str(REPO / "scripts") not in sys.path:
        sys.path.insert(0, str(REPO / "scripts"))
    import synthetic_corpus as script

    return script.generate(root, products, mkdocs_yml=GENERATED_MKDOCS_YML, **options)


def run_checked(command: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run a command outside this checkout's environment (no PYTHONPATH, no active venv); fail the
    test, with its output, unless it exits 0."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, (command, result.stdout[-3000:], result.stderr[-3000:])
    return result
