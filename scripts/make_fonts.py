#!/usr/bin/env python3
"""Make commhub's self-hosted web fonts: WOFF2 subsets of Debian's Noto fonts.

    apt-get install -y fonts-noto-core                  # the source fonts (fonts-noto-cjk only for --cjk-estimate)
    /work/venv/bin/pip install fonttools==4.68.0 brotli==1.2.1   # script-only tools, NOT runtime dependencies
    /work/venv/bin/python scripts/make_fonts.py         # writes src/commhub/site/theme/assets/fonts/, prints each size
    /work/venv/bin/python scripts/make_fonts.py --cjk-estimate   # also measures a corpus-only CJK subset

The output is reproducible: same Debian fonts + same fontTools/brotli -> same bytes (the fonts'
'head.modified' is kept, not reset to now). The generated files are committed, so neither the build
nor CI needs fontTools, brotli or fonts-noto-core.

What is made, and why (byte figures are this script's output with Debian 12's fonts-noto-core
20201225-1, i.e. Noto Sans 2.004 and Noto Sans Khmer 2.001, fontTools 4.68.0, brotli 1.2.1; Debian ships
only static instances of these fonts, no variable font, so each weight is its own file):

* "commhub Noto Sans" 400/700, two files per weight with disjoint character sets:
  - latin-vi (~16.5 KB): ASCII + Latin-1 (English; Hmong RPA, which is plain ASCII; French, with Œ œ Ÿ
    and the narrow no-break space), the Vietnamese letters (Ă ă Đ đ Ĩ ĩ Ũ ũ Ơ ơ Ư ư, U+1EA0-1EF9, ₫),
    general punctuation, and the combining marks NFD Vietnamese/French text decomposes into (so an
    NFD word is shaped by one font). Latin and Vietnamese are one file, not two as Google Fonts does:
    measured, a split (latin 14,332 + vietnamese 3,968 bytes, Regular) costs the Vietnamese majority
    1.7 KB and one more request per weight, and saves the others nothing, because every page's
    language list shows "Tiếng Việt" and so fetches the Vietnamese letters anyway.
  - latin-ext (~5.5 KB): Latin Extended-A, ƀ Ƀ and spacing accents, for the Vietnamese-based scripts
    of Katu, Sedang, Cham, Ede (ĕ ĭ ŏ ŭ č ƀ ...). No current page fetches it; a province that adds
    such a language needs no new font.
* "commhub Noto Sans Khmer" 400/700 (~16-18 KB): the Khmer block, Khmer Symbols, ZWSP/ZWNJ/ZWJ, the
  dotted circle and the space and punctuation Noto Sans Khmer itself carries (so a Khmer run is shaped
  by one font). All OpenType layout features are kept: Khmer needs pref/blwf/abvf/pstf/pres/abvs/blws/
  psts and abvm/blwm/dist to stack subscript consonants and place vowels.

TrueType hinting is dropped. It doubles the files (WOFF2, measured: Khmer Regular 33,440 -> 16,156 bytes,
Latin+Vietnamese Regular 26,632 -> 16,568), and readers are mostly on phones,
where Android and iOS do not use TrueType bytecode hinting; only Windows desktops at small sizes notice.

The CSS (src/commhub/site/theme/assets/stylesheets/commhub.css) gives each file a unicode-range equal to the file's
own character map, which this script prints, so a browser fetches a file only when the page shows a
character that file has: a Vietnamese page without Khmer text never fetches the Khmer files (the
closed language menu's "ភាសាខ្មែរ" names system fonts only, see the CSS), and a Khmer page never
fetches the Latin+Vietnamese files (its few Latin strings use system fonts). If you change a set here,
paste the printed unicode-range into the CSS; the script checks the CSS and exits 1 if they differ.

Chinese - NO CJK font is shipped; zh pages use the readers' system CJK fonts. Argument, in bytes:
  - Noto Sans CJK SC Regular, complete, is 13,305,736 bytes as WOFF2 (64,568 glyphs; measured with
    this script's settings) - out of the question on slow phone connections.
  - A subset of only the characters the sample corpus uses (505 CJK characters today) measures, with
    --cjk-estimate, 134,544 bytes (Regular; Bold 134,488) - eight times the Khmer font, per weight -
    and it is brittle: every new Chinese product brings characters outside the subset, which then
    render in another (system) font in the middle of a sentence, unless the subset is regenerated at
    every content change (making fontTools a build dependency).
  - Android and iOS phones ship a CJK system font (Android: Noto Sans CJK; iOS: PingFang), as do
    Windows (Microsoft YaHei) and macOS; unlike Khmer, a missing CJK font is practically a
    headless-server-only situation (install fonts-noto-cjk there). The :lang(zh) rule names them.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src" / "commhub" / "site" / "theme" / "assets" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")  # as installed by Debian's fonts-noto-core
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # fonts-noto-cjk
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-core/copyright")
CSS = REPO / "src" / "commhub" / "site" / "theme" / "assets" / "stylesheets" / "commhub.css"

# Latin + Vietnamese in one file per weight; Latin Extended in its own file, fetched only by a page
# that shows one of its letters (no current page does).
LATIN = [
    (0x0000, 0x00FF),  # Basic Latin + Latin-1: English, Hmong RPA (plain ASCII), French àâçéèêëîïôûùüÿ « » nbsp
    (0x0131, 0x0131), (0x0152, 0x0153), (0x0178, 0x0178),  # ı Œ œ Ÿ
    (0x02BB, 0x02BC), (0x02C6, 0x02C6), (0x02DA, 0x02DA), (0x02DC, 0x02DC),  # ʻ ʼ ˆ ˚ ˜
    # Combining marks that NFD Vietnamese and French text decomposes into (grave, acute, circumflex,
    # tilde, macron, breve, dot above, diaeresis, hook above, caron, horn, dot below, cedilla, ...):
    # kept with the base letters so an NFD word is shaped by one font.
    (0x0300, 0x0304), (0x0306, 0x0309), (0x030C, 0x030C), (0x031B, 0x031B),
    (0x0323, 0x0323), (0x0327, 0x0327), (0x0329, 0x0329),
    (0x2000, 0x206F),  # General Punctuation: – — ‘ ’ “ ” … and the narrow no-break space French uses
    (0x20AC, 0x20AC), (0x2122, 0x2122), (0x2212, 0x2212), (0x2215, 0x2215),  # € ™ − ∕ (if the font has them)
    (0xFEFF, 0xFEFF), (0xFFFD, 0xFFFD),
]
VIETNAMESE = [
    (0x0102, 0x0103), (0x0110, 0x0111), (0x0128, 0x0129), (0x0168, 0x0169),  # Ă ă Đ đ Ĩ ĩ Ũ ũ
    (0x01A0, 0x01A1), (0x01AF, 0x01B0),  # Ơ ơ Ư ư
    (0x1EA0, 0x1EF9),  # precomposed letters with tone marks: ạ ả ấ ầ ... ỹ
    (0x20AB, 0x20AB),  # ₫
]
# Latin Extended-A and the few letters of the Vietnamese-based scripts of Katu, Sedang, Cham, Ede
# (ĕ ĭ ŏ ŭ č ƀ ...): no current page uses them, so they cost nothing until a province adds such a
# language - and then no new font is needed. Minus what the latin-vi files already have.
LATIN_EXT = [(0x0100, 0x017F), (0x0180, 0x0180), (0x0243, 0x0243), (0x02C7, 0x02C7), (0x02D8, 0x02DD)]

KHMER = [
    (0x0020, 0x002F), (0x003A, 0x003F),  # space and basic punctuation (only what the font has is kept)
    (0x00A0, 0x00A0), (0x00AB, 0x00AB), (0x00AD, 0x00AD), (0x00BB, 0x00BB),  # nbsp « soft hyphen »
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer Symbols
    (0x200B, 0x200D),  # ZWSP (Khmer word-break hint), ZWNJ, ZWJ
    (0x2010, 0x2027),  # hyphen, quotes, ellipsis (only what the font has is kept)
    (0x25CC, 0x25CC),  # dotted circle, shown for a mark without its base
]


def expand(ranges: list[tuple[int, int]]) -> set[int]:
    return {cp for lo, hi in ranges for cp in range(lo, hi + 1)}


_LATIN_VI = expand(LATIN) | expand(VIETNAMESE)
_LATIN_EXT = expand(LATIN_EXT) - _LATIN_VI

# (output file, Debian source file, code points, layout features; None = fontTools' default set)
FONTS = [
    ("noto-sans-latin-vi-400.woff2", "NotoSans-Regular.ttf", _LATIN_VI, None),
    ("noto-sans-latin-vi-700.woff2", "NotoSans-Bold.ttf", _LATIN_VI, None),
    ("noto-sans-latin-ext-400.woff2", "NotoSans-Regular.ttf", _LATIN_EXT, None),
    ("noto-sans-latin-ext-700.woff2", "NotoSans-Bold.ttf", _LATIN_EXT, None),
    # All layout features for Khmer ("*"): it needs pref/blwf/abvf/pstf/pres/abvs/blws/psts/abvm/blwm/dist.
    ("noto-sans-khmer-400.woff2", "NotoSansKhmer-Regular.ttf", expand(KHMER), ["*"]),
    ("noto-sans-khmer-700.woff2", "NotoSansKhmer-Bold.ttf", expand(KHMER), ["*"]),
]

# Keep the copyright, names, version, and the OFL notice + URL (name IDs 13, 14) inside each file.
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]


def options(features: list[str] | None) -> subset.Options:
    opts = subset.Options(flavor="woff2", hinting=False, name_IDs=NAME_IDS)
    if features is not None:
        opts.layout_features = features
    return opts


def make_subset(source: Path, unicodes: set[int], features: list[str] | None, font_number: int = -1) -> TTFont:
    opts = options(features)
    opts.font_number = font_number
    font = subset.load_font(str(source), opts)
    subsetter = subset.Subsetter(opts)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.flavor = "woff2"
    return font


def unicode_range(codepoints: set[int]) -> str:
    """CSS unicode-range for exactly these code points, as compact as possible."""
    cps = sorted(codepoints)
    parts, start, prev = [], cps[0], cps[0]
    for cp in cps[1:] + [None]:
        if cp is not None and cp == prev + 1:
            prev = cp
            continue
        parts.append(f"U+{start:04X}" if start == prev else f"U+{start:04X}-{prev:04X}")
        if cp is not None:
            start = prev = cp
    return ", ".join(parts)


def parse_unicode_range(value: str) -> set[int]:
    cps: set[int] = set()
    for part in value.replace(" ", "").split(","):
        lo, _, hi = part.removeprefix("U+").removeprefix("u+").partition("-")
        cps.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return cps


def check_css(cmaps: dict[str, set[int]]) -> list[str]:
    """Problems in commhub.css: a unicode-range promising characters its file lacks, or no face
    whose unicode-range is the file's whole character map."""
    faces = re.findall(r"@font-face\s*{([^}]*)}", CSS.read_text(encoding="utf-8"))
    problems, complete = [], set()
    for face in faces:
        url = re.search(r'url\("?\.\./fonts/([^")]+)"?\)', face)
        ranges = re.search(r"unicode-range:\s*([^;]+)", face)
        if not url or url.group(1) not in cmaps:
            continue
        name = url.group(1)
        if not ranges:
            problems.append(f"{name}: @font-face without unicode-range")
            continue
        declared = parse_unicode_range(ranges.group(1))
        if declared - cmaps[name]:
            problems.append(f"{name}: unicode-range has {unicode_range(declared - cmaps[name])}, not in the file")
        if declared == cmaps[name]:
            complete.add(name)
    problems += [f"{name}: no @font-face with the file's whole character map" for name in cmaps if name not in complete]
    return problems


def ofl_text(copyrights: list[str]) -> str:
    """The OFL 1.1 text from Debian's machine-readable copyright file, un-folded."""
    text = DEBIAN_COPYRIGHT.read_text(encoding="utf-8")
    match = re.search(r"^License: OFL-1\.1\n((?: .*\n?)+)", text, re.M)
    if not match:
        sys.exit(f"no 'License: OFL-1.1' paragraph in {DEBIAN_COPYRIGHT}")
    lines = [("" if line.strip() == "." else line[1:]) for line in match.group(1).rstrip("\n").split("\n")]
    header = [
        "The fonts in this folder are subsets of Noto fonts, as shipped by Debian's fonts-noto-core",
        "package, and are licensed under the SIL Open Font License, Version 1.1 (below).",
        "Noto has no Reserved Font Name.",
        "",
        *copyrights,
        "",
        "This license is copied from Debian's " + str(DEBIAN_COPYRIGHT) + " (License: OFL-1.1),",
        "whose text is the SIL Open Font License 1.1 with the line breaks Debian uses.",
        "",
        "-" * 72,
        "",
        "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007",
        "",
    ]
    return "\n".join(header + lines) + "\n"


def corpus_hanzi() -> set[int]:
    chars: set[int] = set()
    for path in (REPO / "content").rglob("*"):
        if path.suffix in {".md", ".yml"}:
            chars.update(ord(c) for c in path.read_text(encoding="utf-8"))
    cjk = [(0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF)]
    return {cp for cp in chars if any(lo <= cp <= hi for lo, hi in cjk)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cjk-estimate", action="store_true",
                        help="also measure (not write) a WOFF2 of only the CJK characters in content/")
    args = parser.parse_args()

    missing = [NOTO / src for _, src, _, _ in FONTS if not (NOTO / src).is_file()]
    if missing:
        sys.exit("missing " + ", ".join(map(str, missing)) + " - apt-get install -y fonts-noto-core")

    OUT.mkdir(parents=True, exist_ok=True)
    copyrights: list[str] = []
    cmaps: dict[str, set[int]] = {}
    print(f"{'file':32} {'bytes':>8}  {'source bytes':>12}  glyphs  unicode-range")
    for name, src, codepoints, features in FONTS:
        font = make_subset(NOTO / src, codepoints, features)
        cmap = cmaps[name] = set(font.getBestCmap())
        notice = font["name"].getDebugName(0)
        if notice and notice not in copyrights:
            copyrights.append(notice)
        buf = io.BytesIO()
        font.save(buf)
        (OUT / name).write_bytes(buf.getvalue())
        print(f"{name:32} {len(buf.getvalue()):>8}  {(NOTO / src).stat().st_size:>12}  {len(font.getGlyphOrder()):>6}"
              f"  {unicode_range(cmap)}")
    (OUT / "OFL.txt").write_text(ofl_text(copyrights), encoding="utf-8")
    print(f"OFL.txt                          {(OUT / 'OFL.txt').stat().st_size:>8}")
    problems = check_css(cmaps)
    print(f"{CSS.relative_to(REPO)}: " + ("unicode-ranges match the files" if not problems else "OUT OF DATE"))
    for problem in problems:
        print("  " + problem)

    if args.cjk_estimate:
        hanzi = corpus_hanzi()
        if not NOTO_CJK.is_file():
            sys.exit(f"missing {NOTO_CJK} - apt-get install -y fonts-noto-cjk")
        # Font number 2 in the collection is Noto Sans CJK SC.
        font = make_subset(NOTO_CJK, hanzi | expand([(0x20, 0x7E)]), None, font_number=2)
        buf = io.BytesIO()
        font.save(buf)
        print(f"(estimate, not written) Noto Sans CJK SC Regular, {len(hanzi)} CJK characters of content/: "
              f"{len(buf.getvalue())} bytes WOFF2; full source collection {NOTO_CJK.stat().st_size} bytes")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
