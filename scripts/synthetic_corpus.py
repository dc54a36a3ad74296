"""A deterministic synthetic corpus in commhub's real content format, for benchmarks.

    python scripts/synthetic_corpus.py OUT_DIR --products 1000 [--images 2] [--coverage en=1,km=1,zh=0,hmn=0]

Languages vi/en/km/zh/hmn with coverage about 100/60/40/20/10 %, realistic
text lengths per script (Vietnamese with diacritics, Khmer without spaces
between words, Chinese), a few small PNG images per product. The same
arguments always give byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import struct
import zlib
from pathlib import Path

LANGUAGES = [
    ("vi", "Tiếng Việt", "national", 1.0),
    ("en", "English", "foreign", 0.6),
    ("km", "ភាសាខ្មែរ", "ethnic_minority", 0.4),
    ("zh", "中文", "foreign", 0.2),
    ("hmn", "Hmoob", "ethnic_minority", 0.1),
]
TYPES = ["article", "news", "infographic", "video", "audio", "leaflet", "poster", "handbook", "qa"]
TOPICS = ["legal-aid", "domestic-violence", "child-marriage", "childrens-rights", "disability-rights",
          "gender-equality", "access-to-information", "voting"]
UNITS = ["so-tu-phap", "trung-tam-tro-giup-phap-ly", "hoi-lhpn", "dai-ptth", "so-ttt"]
CHANNELS = {"website": "digital", "facebook": "digital", "zalo": "digital", "youtube": "digital",
            "radio": "traditional", "print": "traditional", "loudspeaker": "traditional", "event": "traditional"}

# Word pools: real words of each language, so that text length and segmentation behave as in real use.
WORDS = {
    "vi": ("quyền trẻ em được bảo vệ chăm sóc giáo dục pháp luật trợ giúp pháp lý miễn phí người dân "
           "đồng bào dân tộc thiểu số phòng chống bạo lực gia đình tảo hôn bình đẳng giới tiếp cận thông tin "
           "bầu cử cử tri đăng ký khai sinh ủy ban nhân dân xã hỗ trợ tư vấn quyền và nghĩa vụ công dân "
           "người khuyết tật ngôn ngữ ký hiệu học tập hòa nhập sức khỏe an toàn cộng đồng đường dây nóng").split(),
    "en": ("children's rights protection care education law free legal aid people ethnic minority communities "
           "preventing domestic violence child marriage gender equality access to information elections voters "
           "birth registration commune people's committee support advice rights and duties of citizens persons "
           "with disabilities sign language inclusive learning health safety community hotline").split(),
    "km": ["សិទ្ធិកុមារ", "ការការពារ", "ការថែទាំ", "ការអប់រំ", "ច្បាប់", "ជំនួយផ្នែកច្បាប់", "ឥតគិតថ្លៃ",
           "ប្រជាពលរដ្ឋ", "ជនជាតិដើមភាគតិច", "អំពើហិង្សាក្នុងគ្រួសារ", "អាពាហ៍ពិពាហ៍កុមារ", "សមភាពយេនឌ័រ",
           "ព័ត៌មាន", "ការបោះឆ្នោត", "អ្នកបោះឆ្នោត", "សំបុត្រកំណើត", "ឃុំ", "គណៈកម្មាធិការ", "ការគាំទ្រ",
           "ការប្រឹក្សា", "ជនពិការ", "ភាសាសញ្ញា", "សុខភាព", "សុវត្ថិភាព", "សហគមន៍"],
    "zh": ["儿童权利", "保护", "照顾", "教育", "法律", "法律援助", "免费", "人民", "少数民族", "社区", "防止",
           "家庭暴力", "童婚", "性别平等", "获取信息", "选举", "选民", "出生登记", "乡人民委员会", "支持", "咨询",
           "公民", "权利", "义务", "残疾人", "手语", "全纳教育", "健康", "安全", "热线"],
    "hmn": ("txoj cai menyuam yaus kev tiv thaiv kev saib xyuas kev kawm ntawv txoj cai lij choj pab dawb "
            "neeg zej zog haiv neeg tsawg kev ua phem hauv tsev neeg yuav txiv thaum yau poj niam txiv neej "
            "sib luag xov xwm kev xaiv tsa daim ntawv yug").split(),
}
SEPARATOR = {"vi": " ", "en": " ", "hmn": " ", "km": "", "zh": ""}
SENTENCE_END = {"vi": ". ", "en": ". ", "hmn": ". ", "km": "។ ", "zh": "。"}


def text(rng: random.Random, lang: str, words: int) -> str:
    pool, sep, end = WORDS[lang], SEPARATOR[lang], SENTENCE_END[lang]
    sentences, left = [], words
    while left > 0:
        size = min(left, rng.randint(8, 18))
        sentence = sep.join(rng.choice(pool) for _ in range(size))
        sentences.append(sentence[0].upper() + sentence[1:] if sep else sentence)
        left -= size
    return end.join(sentences) + end.strip()


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    raw = b"".join(b"\x00" + bytes(colour) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def names(ids) -> str:
    lines = []
    for item in ids:
        lines.append(f"  - id: {item}\n    name: {{vi: '{item}', en: '{item}'}}")
    return "\n".join(lines)


def generate(root: Path, products: int, images: int = 2, seed: int = 1,
             coverage: dict[str, float] | None = None, mkdocs_yml: str | None = None) -> Path:
    """Write the corpus; `coverage` overrides the share of products translated into some languages;
    `mkdocs_yml` is the hub's configuration (by default the repository's, see write_site_files)."""
    rng = random.Random(seed)
    shares = {code: share for code, _, _, share in LANGUAGES} | (coverage or {})
    content = root / "content"
    (content / "products").mkdir(parents=True, exist_ok=True)
    (content / "languages.yml").write_text("languages:\n" + "\n".join(
        f"  - {{code: {code}, name: {name}, group: {group}{', default: true' if code == 'vi' else ''}"
        f"{', ui_fallback: vi' if code == 'hmn' else ''}}}" for code, name, group, _ in LANGUAGES) + "\n",
        encoding="utf-8")
    (content / "channels.yml").write_text("channels:\n" + "\n".join(
        f"  - id: {cid}\n    name: {{vi: {cid}, en: {cid}}}\n    group: {group}" for cid, group in CHANNELS.items())
        + "\n", encoding="utf-8")
    (content / "units.yml").write_text("units:\n" + names(UNITS) + "\n", encoding="utf-8")
    (content / "topics.yml").write_text("topics:\n" + names(TOPICS) + "\n", encoding="utf-8")
    for number in range(products):
        slug = f"san-pham-{number:05d}"
        folder = content / "products" / slug
        folder.mkdir(exist_ok=True)
        date = f"{rng.choice([2023, 2024, 2025])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        media = []
        for index in range(images):
            file = f"hinh-{index + 1}.png"
            (folder / file).write_bytes(png(64, 40, (rng.randrange(256), rng.randrange(256), rng.randrange(256))))
            media.append(f"  - file: {file}\n    kind: image\n    alt:\n" + "".join(
                f"      {code}: {text(rng, code, 6)}\n" for code, *_ in LANGUAGES))
        (folder / "product.yml").write_text(
            f"type: {rng.choice(TYPES)}\ntopics: [{', '.join(rng.sample(TOPICS, rng.randint(1, 2)))}]\n"
            f"unit: {rng.choice(UNITS)}\nchannels: [{', '.join(rng.sample(sorted(CHANNELS), rng.randint(1, 3)))}]\n"
            f"published: {date}\noriginal_language: vi\nstatus: published\n"
            + ("media:\n" + "".join(media) if media else ""), encoding="utf-8")
        original = folder / "index.vi.md"
        original.write_text(version_text(rng, "vi", None), encoding="utf-8")
        source_sha = hashlib.sha256(original.read_bytes()).hexdigest()
        for code, *_ in LANGUAGES[1:]:
            if rng.random() < shares[code]:
                (folder / f"index.{code}.md").write_text(version_text(rng, code, source_sha), encoding="utf-8")
    write_site_files(root, mkdocs_yml)
    return content


REPO = Path(__file__).resolve().parent.parent


def write_site_files(root: Path, mkdocs_yml: str | None = None) -> None:
    """docs/ home pages and a mkdocs.yml: `mkdocs_yml`, or else the repository's (the benchmarks follow it;
    the tests give their own, so that they do not depend on the demo hub's)."""
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    for code, name, _, _ in LANGUAGES:
        suffix = "" if code == "vi" else f".{code}"
        (docs / f"index{suffix}.md").write_text(f"---\ntitle: {name}\n---\n\ncommhub benchmark.\n", encoding="utf-8")
    if mkdocs_yml is None:
        mkdocs_yml = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")


def version_text(rng: random.Random, lang: str, source_sha: str | None) -> str:
    title = text(rng, lang, rng.randint(4, 9)).rstrip(".។。 ")
    summary = text(rng, lang, rng.randint(15, 30))[:280]
    front = f"---\ntitle: \"{title}\"\nsummary: \"{summary}\"\n"
    if source_sha:
        front += f"translation:\n  method: machine\n  reviewed: false\n  source_sha: {source_sha}\n"
    body = []
    for section in range(rng.randint(2, 4)):
        body.append(f"## {text(rng, lang, 5).rstrip('.។。 ')}\n")
        for _ in range(rng.randint(1, 3)):
            body.append(text(rng, lang, rng.randint(40, 90)) + "\n")
        if rng.random() < 0.5:
            body.append("\n".join(f"- {text(rng, lang, 8)}" for _ in range(3)) + "\n")
    return front + "---\n\n" + "\n".join(body)


def parse_coverage(value: str) -> dict[str, float]:
    """'en=1,km=0.5' -> {'en': 1.0, 'km': 0.5}"""
    shares = {}
    for item in value.split(","):
        code, _, share = item.partition("=")
        if code.strip() not in WORDS or not share:
            raise argparse.ArgumentTypeError(f"expected LANG=SHARE with LANG in {', '.join(WORDS)}: {item!r}")
        shares[code.strip()] = float(share)
    return shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--images", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--coverage", type=parse_coverage, default=None, metavar="LANG=SHARE,...",
                        help="share of products translated into these languages, e.g. en=1,km=1,zh=0,hmn=0")
    args = parser.parse_args()
    content = generate(args.out, args.products, args.images, args.seed, args.coverage)
    print(content)


if __name__ == "__main__":
    main()
