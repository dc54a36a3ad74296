"""Build-time search index: one small, sharded index per language, fetched only when a reader searches.

Why not Material's lunr search: it makes ONE index for every language, does
not fold Vietnamese diacritics (`quyen` misses "quyền", `dong` misses "Đồng"),
and cannot find a Khmer word inside a sentence written without spaces.

How it works:
- Text is split into words with ICU's word break rules (PyICU), which use
  dictionaries for Khmer and Chinese. The browser splits the query with
  `Intl.Segmenter`, which is ICU too, so both sides cut words alike.
- Each word is indexed under a *key*: lower-case NFC, and for Latin-script
  words without diacritics and with đ → d. The exact forms are kept too, so a
  query typed with diacritics ranks exact matches first.
- Keys are spread over SHARDS files by a hash of their first two characters:
  a query fetches one shard per word, and prefix search (search as you type)
  still finds every key in one shard.
- Documents are numbered in the order of their titles (the language's ICU
  collation) and their rows (address, title, summary, label) are written
  DOCS_PER_FILE to a file: a query fetches the rows of the results it shows,
  ten at a time: no file lists every document (such a list made a first query
  at 5,000 products weigh 444 KB). Equal scores rank in document order, that
  is by title, without the titles at hand.

The browser side is theme/assets/javascripts/commhub-search.js; the two
must agree on `fold`, `shard_of` and the file layout (FORMAT):
search/<lang>/docs.json ({"format", "shards", "per_file", "count"}), <shard>.json
({key: {"p": [[doc, score], ...], "v": {exact form: [doc, ...]}}}) and d<n>.json
(the rows of documents n * per_file and up).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import icu
import orjson

FORMAT = 2
SHARDS = 128
DOCS_PER_FILE = 32
SUMMARY_CHARS = 200


@dataclass
class SearchDoc:
    lang: str
    url: str  # site-relative
    title: str
    summary: str
    text: str  # plain text of the body
    label: str  # e.g. the product type in the page's language


# A document's terms: ({key: score}, ((key, exact form), ...)).
Terms = tuple[dict[str, float], tuple[tuple[str, str], ...]]


def is_latin(word: str) -> bool:
    return all(char < "\u0250" or "\u1e00" <= char <= "\u1eff" or not char.isalpha() for char in word)


_D = str.maketrans({"đ": "d", "Đ": "d"})


@lru_cache(maxsize=1 << 18)
def fold(word: str) -> str:
    """The index key of a word: lower-case; Latin words also lose diacritics, đ → d.

    Marks are only stripped from Latin script: in Khmer they are vowels.
    """
    word = unicodedata.normalize("NFC", word).lower()
    if not is_latin(word):
        return word
    decomposed = unicodedata.normalize("NFD", word.translate(_D))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


COENG = "\u17d2"  # Khmer sign that stacks the next consonant under the previous one


@lru_cache(maxsize=1 << 18)
def inner_keys(key: str) -> tuple[str, ...]:
    """Suffixes of a word in a script written without spaces, starting at each syllable.

    ICU keeps compounds such as ការបោះឆ្នោត ("the election") whole; a reader
    typing only បោះឆ្នោត ("vote") must still find it, so the index also holds
    the word's tails, each starting at a letter that begins a syllable
    (a base letter not stacked under the previous one by COENG).
    """
    if len(key) < 3 or is_latin(key):
        return ()
    return tuple(
        key[index:]
        for index in range(1, len(key) - 1)
        if unicodedata.category(key[index]) == "Lo" and key[index - 1] != COENG
    )


def shard_of(key: str) -> int:
    """Shard number from the first two code points (the browser computes the same)."""
    first = ord(key[0])
    second = ord(key[1]) if len(key) > 1 else 0
    return (first * 31 + second) % SHARDS


class WordSplitter:
    """ICU word segmentation, one break iterator per language, and each document's terms.

    A document's terms are computed where its page is rendered and kept with the
    page in the page cache (cache/pages.py), so a rebuild re-splits only changed pages.
    """

    def __init__(self):
        self._iterators: dict[str, icu.BreakIterator] = {}

    def terms(self, doc: SearchDoc) -> Terms:
        """({key: score}, ((key, exact form), ...)) of one document."""
        counts: dict[str, float] = defaultdict(float)
        forms = set()
        for field, weight in WEIGHTS.items():
            for word in self.words(getattr(doc, field), doc.lang):
                if len(word) > MAX_WORD_CHARS:
                    continue  # no word (and a run ICU cannot split, e.g. "אאאא…", would index its every tail)
                key = fold(word)
                counts[key] += weight
                if key != word:
                    forms.add((key, word))
                for tail in inner_keys(key):
                    counts[tail] += weight / 2
        # Dampen long bodies: ten mentions are not ten times as relevant.
        scores = {key: round(1 + math.log(count), 2) for key, count in counts.items()}
        return scores, tuple(sorted(forms))

    def words(self, text: str, lang: str) -> list[str]:
        iterator = self._iterators.get(lang)
        if iterator is None:
            iterator = self._iterators[lang] = icu.BreakIterator.createWordInstance(icu.Locale(lang))
        # Apostrophes split words (l'aide → l, aide), as in the browser.
        text = unicodedata.normalize("NFC", text).lower().replace("'", " ").replace("\u2019", " ")
        iterator.setText(text)
        words, start = [], 0
        for end in iterator:
            # Rule status 0 (UBRK_WORD_NONE) marks spaces and punctuation.
            if iterator.getRuleStatus() != 0:
                word = text[start:end]
                if _ALNUM.search(word):
                    words.append(word)
            start = end
        return words


# Longer "words" are not indexed: their tails (inner_keys) would grow with the square of their length.
MAX_WORD_CHARS = 64

# A letter or digit: `\w` is str.isalnum() plus the underscore.
_ALNUM = re.compile(r"[^\W_]")

# How much one occurrence counts, by where it is.
WEIGHTS = {"title": 10, "summary": 4, "text": 1}


def build_language_index(entries: list[tuple[SearchDoc, Terms]], lang: str
                         ) -> tuple[dict, dict[int, dict], list[list[list[str]]]]:
    """The header, the shards and the files of document rows of one language's index."""
    collator = _collator(lang)
    ordered = sorted(entries, key=lambda entry: (collator.getSortKey(entry[0].title), entry[0].url))
    rows = []
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    variants: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for number, (doc, (scores, forms)) in enumerate(ordered):
        summary = doc.summary if len(doc.summary) <= SUMMARY_CHARS else doc.summary[: SUMMARY_CHARS - 1] + "…"
        rows.append([doc.url, doc.title, summary, doc.label, doc.lang])
        for key, score in scores.items():
            postings[key][number] = score
        for key, form in forms:
            variants[key][form].add(number)
    shards: dict[int, dict] = defaultdict(dict)
    for key in sorted(postings):
        entry = {"p": [[doc, score] for doc, score in sorted(postings[key].items())]}
        if key in variants:
            entry["v"] = {form: sorted(numbers) for form, numbers in sorted(variants[key].items())}
        shards[shard_of(key)][key] = entry
    header = {"format": FORMAT, "shards": SHARDS, "per_file": DOCS_PER_FILE, "count": len(rows)}
    return header, dict(shards), [rows[start:start + DOCS_PER_FILE] for start in range(0, len(rows), DOCS_PER_FILE)]


@lru_cache(maxsize=None)
def _collator(lang: str) -> icu.Collator:
    """The language's collation (ICU's root order for a language it does not know)."""
    return icu.Collator.createInstance(icu.Locale(lang))


def write_index(entries: list[tuple[SearchDoc, Terms]], out_dir: Path, languages: list[str]) -> dict[str, int]:
    """Write `search/<lang>/docs.json`, its shards and its files of rows; return bytes per language.

    `entries` are (document, its terms from WordSplitter.terms), in any order.
    """
    by_lang: dict[str, list[tuple[SearchDoc, Terms]]] = {lang: [] for lang in languages}
    for doc, terms in entries:
        by_lang.setdefault(doc.lang, []).append((doc, terms))
    sizes = {}
    for lang, lang_entries in by_lang.items():
        folder = out_dir / "search" / lang
        folder.mkdir(parents=True, exist_ok=True)
        header, shards, row_files = build_language_index(lang_entries, lang)
        total = _write_json(folder / "docs.json", header)
        for number, shard in shards.items():
            total += _write_json(folder / f"{number}.json", shard)
        for number, rows in enumerate(row_files):
            total += _write_json(folder / f"d{number}.json", rows)
        sizes[lang] = total
    return sizes


def _write_json(path: Path, data) -> int:
    # orjson: compact UTF-8 like json.dumps(ensure_ascii=False), several times faster on the
    # index's many small lists (the index is rewritten at every build and serve rebuild).
    data = orjson.dumps(data)
    path.write_bytes(data)
    return len(data)


def index_digests(plan, keys: dict[str, str], entries, languages) -> dict[str, str | None]:
    """Per language, a digest of its index's pages and their fingerprints (None: no cache)."""
    if not keys:
        return {}
    key_of_url = {plan.pages[src_uri].url: key for src_uri, key in keys.items()}
    digests = {lang: hashlib.sha256() for lang in languages}
    for doc, _ in entries:
        digests[doc.lang].update(f"{doc.url}\0{key_of_url.get(doc.url)}\n".encode())
    return {lang: digest.hexdigest() for lang, digest in digests.items()}
