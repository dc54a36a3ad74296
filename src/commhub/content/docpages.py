"""The site's own pages under docs/ (`about.md`, `about.km.md`): read with commhub's YAML loader.

MkDocs would read their front matter with its own YAML loader, which expands aliases (a few lines
can expand to gigabytes). commhub reads each page's front matter with the loader it uses for all
content (yamlio: no aliases, bounded depth), gives MkDocs only the body, and sets the fields itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from commhub.content.files import read_file
from commhub.content.yamlio import LineDict, YamlError, split_front_matter

DOC_FIELDS = ("title", "description")
# docs/ holds the site's own pages at its top level, and media files they show: nothing else is
# published from it (a page or script there would be served from the site itself). A page may not
# take the address of what commhub writes (`products/`, `search/` …) or of a language (`km/`).
RESERVED_NAMES = frozenset({"products", "catalogue", "topics", "search", "progress", "data", "assets", "feed",
                            "sitemap", "404", "robots", "well-known"})


def page_stem(name: str) -> str:
    """The page name of a docs/ file name: `about.km.md` → `about`, `about.md` → `about`."""
    stem = name[: -len(".md")]
    base, dot, _ = stem.rpartition(".")
    return base if dot else stem


@dataclass(frozen=True)
class DocPage:
    body: str
    first_line: int  # file line of the body's first line
    fields: LineDict = field(default_factory=LineDict)  # the front matter as written

    @property
    def meta(self) -> dict[str, str]:
        """The fields commhub uses, as text."""
        return {key: str(self.fields[key]) for key in DOC_FIELDS if self.fields.get(key) is not None}

    def unknown_fields(self) -> list[tuple[str, int]]:
        """(field, line) of each field commhub does not use."""
        return [(key, self.fields.line_of(key)) for key in self.fields if key not in DOC_FIELDS]


def parse_doc(text: str) -> DocPage:
    """A docs/ page's body and fields; raises YamlError for front matter commhub's loader refuses."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    document = split_front_matter(text)
    if document is None:
        return DocPage(text, 1)
    if document.meta is None:
        return DocPage(document.body, document.body_first_line)
    if not isinstance(document.meta, LineDict):
        raise YamlError("the front matter must be a set of 'key: value' lines", 2)
    return DocPage(document.body, document.body_first_line, document.meta)


def read_doc(path: Path) -> DocPage:
    """`parse_doc` of a file (raises OSError, UnicodeDecodeError or YamlError): read as every content
    file is (content/files.py), so never a pipe and never over its size limit."""
    return parse_doc(read_file(path).decode("utf-8"))
