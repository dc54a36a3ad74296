"""Hand-made corpora for the report tests, with every count worked out by hand below.

`mix_corpus` (period 2024-01-01..2024-12-31). Registries from helpers.py:
languages vi (national), km and hmn (ethnic_minority), en (foreign); channels
website, facebook (digital), radio, print (traditional).

  product        type     unit        topics                       channels        published   status
  a-leaflet      leaflet  so-tu-phap  legal-aid                    print           2024-01-01
    vi  (first day of the period)
    km  published 2024-12-31 (last day), channels [radio]  (version overrides)
  b-video        video    hoi-lhpn    childrens-rights, legal-aid  website, radio  2024-06-15
    vi
    en  channels [facebook]
  c-old          article  so-tu-phap  childrens-rights             website         2023-12-31
    vi  (one day before: out)
    km  published 2024-03-10 (in, by its own date)
  d-late         qa       hoi-lhpn    legal-aid                    radio, print    2024-05-01
    vi  published 2025-01-01 (one day after: out)
    hmn (in)
  e-draft        article  so-tu-phap  legal-aid                    website         2024-04-01  draft
    vi  (never counted)
  f-news         news     so-tu-phap  legal-aid                    facebook        2024-08-20
    vi
    en  status draft (never counted)

Counted versions: a/vi a/km b/vi b/en c/km d/hmn f/vi = 7.
Counted products: a, b, c, d, f = 5.
"""

from __future__ import annotations

from pathlib import Path

from helpers import Corpus

HUMAN = {"method": "human", "reviewed": True}


def translated(of: str = "vi") -> dict:
    return {"of": of, **HUMAN}


def mix_corpus(root: Path) -> Corpus:
    corpus = Corpus(root)
    corpus.product("a-leaflet", type="leaflet", topics=["legal-aid"], unit="so-tu-phap", channels=["print"],
                   published="2024-01-01")
    corpus.version("a-leaflet", "vi", "Tờ gấp")
    corpus.version("a-leaflet", "km", "ខិត្តប័ណ្ណ", translation=translated(), published="2024-12-31",
                   channels=["radio"])
    corpus.product("b-video", type="video", topics=["childrens-rights", "legal-aid"], unit="hoi-lhpn",
                   channels=["website", "radio"], published="2024-06-15")
    corpus.version("b-video", "vi", "Video")
    corpus.version("b-video", "en", "Video", translation=translated(), channels=["facebook"])
    corpus.product("c-old", type="article", topics=["childrens-rights"], unit="so-tu-phap", channels=["website"],
                   published="2023-12-31")
    corpus.version("c-old", "vi", "Bài cũ")
    corpus.version("c-old", "km", "អត្ថបទ", translation=translated(), published="2024-03-10")
    corpus.product("d-late", type="qa", topics=["legal-aid"], unit="hoi-lhpn", channels=["radio", "print"],
                   published="2024-05-01")
    corpus.version("d-late", "vi", "Hỏi đáp", published="2025-01-01")
    corpus.version("d-late", "hmn", "Lus nug", translation=translated())
    corpus.product("e-draft", status="draft", published="2024-04-01")
    corpus.version("e-draft", "vi", "Bản nháp")
    corpus.product("f-news", type="news", topics=["legal-aid"], unit="so-tu-phap", channels=["facebook"],
                   published="2024-08-20")
    corpus.version("f-news", "vi", "Tin")
    corpus.version("f-news", "en", "News", translation=translated(), status="draft")
    return corpus


MIX_TARGETS = """\
plan:
  name: Kế hoạch thử
  reference: 1/KH-TEST
period: {{from: 2024-01-01, to: 2024-12-31}}
count: {count}
targets:
  - id: minority-foreign-digital
    label: {{vi: "Dân tộc thiểu số, nước ngoài, số", en: "Minority, foreign, digital"}}
    any:
      - language_group: ethnic_minority
      - language_group: foreign
      - channel_group: digital
    share: {{min: 0.15, max: 0.20}}
  - id: khmer
    label: {{vi: Tiếng Khmer, en: Khmer}}
    any: [{{language: km}}]
    count: {{min: 2}}
  - id: national-traditional
    label: {{vi: Tiếng Việt trên kênh truyền thống}}
    any:
      - {{language_group: national, channel_group: traditional}}
    share: {{min: 0.4}}
  - id: legal-aid
    label: {{vi: Trợ giúp pháp lý, en: Legal aid}}
    any: [{{topic: legal-aid}}]
    count: {{min: 6}}
"""


def write_targets(corpus: Corpus, text: str, name: str = "targets.yml") -> Path:
    return corpus.write(name, text)


def share_corpus(root: Path, total: int, matched: int) -> Corpus:
    """`total` Vietnamese products in 2024, the first `matched` on Facebook (digital), the rest in print."""
    corpus = Corpus(root)
    for index in range(total):
        slug = f"p{index:03d}"
        corpus.product(slug, channels=["facebook"] if index < matched else ["print"])
        corpus.version(slug, "vi", f"Sản phẩm {index}")
    write_targets(corpus, SHARE_TARGETS)
    return corpus


SHARE_TARGETS = """\
plan: {name: Kế hoạch thử}
period: {from: 2024-01-01, to: 2024-12-31}
count: versions
targets:
  - id: digital
    label: {vi: Trên nền tảng số}
    any: [{channel_group: digital}]
    share: {min: 0.15, max: 0.20}
"""
