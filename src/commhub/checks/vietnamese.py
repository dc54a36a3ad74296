"""Vietnamese text helpers: syllable shape, and text typed in legacy 8-bit encodings.

Before Unicode, Vietnamese was typed with font-based encodings. Text copied out
of such a document and pasted as Unicode turns into mojibake:

* TCVN3 (ABC, fonts .VnTime…) puts each accented letter on one Latin-1 code:
  "Cộng hoà xã hội" becomes "Céng hoµ x· héi".
* VNI-Windows (fonts VNI-Times…) writes a base letter followed by a mark code:
  "Việt Nam" becomes "Vieät Nam", "đ" becomes "ñ".

`find_legacy_encoding(line)` decodes each suspicious word with both tables and
only counts it when the decoded word is a well-formed Vietnamese syllable while
the word as written is not. A line is reported when several of its words agree
and most of the line reads as Vietnamese, which keeps French (où, né, dû),
Khmer, Chinese and ordinary Vietnamese free of false alarms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# --- the legacy tables ---------------------------------------------------------------------------

# TCVN3 (TCVN 5712:1993, "ABC"): one Latin-1 character per lower-case letter.
# Upper-case letters used a second font with the same codes, so they paste as lower case.
_TCVN3_PAIRS = (
    "µà ¸á ¶ả ·ã ¹ạ ¨ă »ằ ¾ắ ¼ẳ ½ẵ Æặ ©â Çầ Êấ Èẩ Éẫ Ëậ ®đ "
    "Ìè Ðé Îẻ Ïẽ Ñẹ ªê Òề Õế Óể Ôễ Öệ ×ì Ýí Øỉ Üĩ Þị "
    "ßò ãó áỏ âõ äọ «ô åồ èố æổ çỗ éộ ¬ơ êờ íớ ëở ìỡ îợ "
    "ïù óú ñủ òũ ôụ \u00adư õừ øứ öử ÷ữ ùự úỳ ýý ûỷ üỹ þỵ "
    "¡Ă ¢Â §Đ £Ê ¤Ô ¥Ơ ¦Ư"
)
TCVN3 = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split()}
TCVN3["\u00ad"] = "ư"  # the soft hyphen, lost by split()

# VNI-Windows: a vowel followed by a mark code; a few letters are single codes.
# Marks, in the order: acute, grave, hook, tilde, dot below.
_VNI_TONES = ("ù", "ø", "û", "õ", "ï")
_VNI_BASES = {
    # written base: (letter, its five toned forms)
    "a": ("a", "áàảãạ"), "aâ": ("â", "ấầẩẫậ"), "aê": ("ă", "ắằẳẵặ"),
    "e": ("e", "éèẻẽẹ"), "eâ": ("ê", "ếềểễệ"),
    "o": ("o", "óòỏõọ"), "oâ": ("ô", "ốồổỗộ"), "ô": ("ơ", "ớờởỡợ"),
    "u": ("u", "úùủũụ"), "ö": ("ư", "ứừửữự"),
    "y": ("y", "ýỳỷỹỵ"),
}
# With a circumflex or breve the tone codes differ: â/ê/ô take á à å ã ä, ă takes é è ú ü ë.
_VNI_CIRCUMFLEX_TONES = ("á", "à", "å", "ã", "ä")
_VNI_BREVE_TONES = ("é", "è", "ú", "ü", "ë")


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for written, (letter, toned) in _VNI_BASES.items():
        if len(written) == 2:  # aâ, aê, eâ, oâ
            table[written] = letter
            tones = _VNI_BREVE_TONES if written == "aê" else _VNI_CIRCUMFLEX_TONES
            for code, result in zip(tones, toned):
                table[written[0] + code] = result
        else:
            if written in ("ô", "ö"):
                table[written] = letter
            for code, result in zip(_VNI_TONES, toned):
                table[written + code] = result
    del table["yï"]  # ỵ is the single code î
    table["î"] = "ỵ"
    table.update({"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "ñ": "đ"})
    # Upper case: both codes upper case ("AÙ"), or a capital base before lower-case marks ("Aù").
    for written, result in list(table.items()):
        table[written.upper()] = result.upper()
        if len(written) == 2:
            table[written[0].upper() + written[1]] = result.upper()
    return table


VNI = _vni_table()
_VNI_LONGEST = max(len(key) for key in VNI)


def decode_tcvn3(text: str) -> str:
    return "".join(TCVN3.get(char, char) for char in text)


def decode_vni(text: str) -> str:
    result, index = [], 0
    while index < len(text):
        for size in range(_VNI_LONGEST, 0, -1):
            piece = text[index:index + size]
            if len(piece) == size and piece in VNI:
                result.append(VNI[piece])
                index += size
                break
        else:
            result.append(text[index])
            index += 1
    return "".join(result)


# --- Vietnamese syllables --------------------------------------------------------------------------

_TONE_MARKS = {"\u0301": "acute", "\u0300": "grave", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}
_NUCLEI = (
    # three letters
    "uyê uyu uya ươi ươu iêu yêu uôi oai oay oeo uây oao "
    # two letters
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê "
    # one letter
    "a ă â e ê i o ô ơ u ư y"
).split()
_OPEN_NUCLEI = set(  # end in a glide: no final consonant after them
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ưa ua iêu yêu uôi ươi ươu oai oay oeo uây uya uyu oao".split()
)
_CLOSED_NUCLEI = set("ă â oă uâ iê yê uô ươ uyê".split())  # need a final consonant
_SYLLABLE = re.compile(
    r"^(?P<initial>ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    rf"(?P<nucleus>{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})"
    r"(?P<final>ch|ng|nh|[cmnpt])?$"
)
_STOP_FINALS = {"c", "ch", "p", "t"}


def is_syllable(word: str) -> bool:
    """True when `word` is shaped like one Vietnamese syllable (initial, vowels, final, one tone)."""
    tones = []
    letters = []
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in _TONE_MARKS:
            tones.append(_TONE_MARKS[char])
        else:
            letters.append(char)
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(letters))
    match = _SYLLABLE.match(base)
    if not match:
        return False
    nucleus, final = match.group("nucleus"), match.group("final")
    if final and nucleus in _OPEN_NUCLEI:
        return False
    if not final and nucleus in _CLOSED_NUCLEI:
        return False
    # After p, t, c, ch only the rising (acute) and heavy (dot below) tones exist.
    return final not in _STOP_FINALS or (bool(tones) and tones[0] in ("acute", "dot"))


# --- detection ---------------------------------------------------------------------------------------

# Words: Latin letters plus every Latin-1 code a legacy table uses (· ¸ µ ¨ … are not letters).
_WORD = re.compile("[A-Za-z\u00a1-\u00ff\u0100-\u024f\u1e00-\u1eff]+")
# Latin-1 codes that Unicode Vietnamese never uses: a line without any is not legacy text.
_NOT_VIETNAMESE = re.compile("[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db\u00dc\u00de-\u00df"
                             "\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff]")
_UNICODE_VIETNAMESE_LATIN1 = bytes(range(0xa1)) + "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ".encode("latin-1")
# VNI pairs made only of letters that Unicode Vietnamese also uses (no pair that a real word has,
# such as the "oá" of "hoá" or the "uâ" of "quân").
_VNI_PAIR = re.compile("a[ùõâáàãêéèú]|e[ùõâáàã]|o[ùõâ]|u[ùõ]|y[ùõ]|ô[ùøûõï]", re.IGNORECASE)
# A decoded word that carries one of these is unmistakably Vietnamese (not a French é or ó).
_SPECIFIC = re.compile("[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]")
MIN_VIETNAMESE_SHARE = 0.6


@dataclass(frozen=True)
class LegacyHit:
    encoding: str  # "tcvn3" or "vni"
    word: str  # as written
    decoded: str  # as it was meant


def might_be_legacy(text: str) -> bool:
    """Cheap test for a whole file: False means it holds no legacy-encoded Vietnamese worth reporting.

    Legacy text always has some Latin-1 code that Unicode Vietnamese never
    uses (TCVN3's µ ¸ ·…, VNI's grave-tone ø, hook û, dot ï, đ as ñ…), even if
    one short VNI line may not: such a line is still found once the file is
    looked at line by line.
    """
    # Keep only the characters below U+0100, then drop ASCII and the Latin-1 letters of Vietnamese:
    # anything left is a legacy code. Two C-speed passes, quicker than a regular expression.
    return bool(text.encode("latin-1", "ignore").translate(None, _UNICODE_VIETNAMESE_LATIN1))


def find_legacy_encoding(line: str) -> LegacyHit | None:
    """The first word of `line` that shows it was typed in TCVN3 or VNI, when the line as a whole does.

    A word votes for an encoding when it is not a Vietnamese syllable but decodes
    to one. The line is reported when at least 60% of its words read as Vietnamese
    (as written or decoded), and one encoding has a vote whose decoded word holds a
    letter only Vietnamese has (ă, ơ, ạ…), plus a second vote or no other word.
    """
    if _NOT_VIETNAMESE.search(line) is None and _VNI_PAIR.search(line) is None:
        return None
    # Words of one character are left out unless ASCII: a lone "·", "«" or "à" says nothing.
    words = [word for word in _WORD.findall(line) if len(word) > 1 or word.isascii()]
    votes: dict[str, list[LegacyHit]] = {"tcvn3": [], "vni": []}
    vietnamese = 0
    for word in words:
        if word.isascii():
            vietnamese += is_syllable(word)
            continue
        if is_syllable(word):
            vietnamese += 1
            continue
        counted = False
        for encoding, decode in (("tcvn3", decode_tcvn3), ("vni", decode_vni)):
            decoded = decode(word)
            if decoded != word and is_syllable(decoded):
                votes[encoding].append(LegacyHit(encoding, word, decoded))
                counted = True
        vietnamese += counted
    if not words or vietnamese < MIN_VIETNAMESE_SHARE * len(words):
        return None
    # The table that explains more words wins: VNI text also decodes, less often, as TCVN3.
    for encoding in sorted(votes, key=lambda name: len(votes[name]), reverse=True):
        hits = votes[encoding]
        strong = [hit for hit in hits if _SPECIFIC.search(hit.decoded)]
        if strong and (len(hits) >= 2 or (len(words) >= 2 and vietnamese == len(words))):
            return strong[0]
    return None
