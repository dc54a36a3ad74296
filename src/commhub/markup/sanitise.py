"""The allow-list every rendered body is cleaned with, and what cleaning would remove from it.

The build publishes `sanitise(html)` of every page body (nh3, i.e. ammonia on html5ever: it parses
as browsers do). `commhub check` renders each body the same way (markup/render.py) and reports what
`sanitise` would remove, found by parsing the rendered HTML with lexbor, another HTML5-conformant
parser: comment and CDATA forms that Python's `html.parser` reads differently from a browser
(`<!-->`, `<![CDATA[ >`) are read here as a browser reads them.

nh3 stays the judge: `removed()` compares the trees before and after cleaning, so anything nh3
changes is reported, also what the allow-list walk below has no words for. Comments are the one
thing cleaning drops silently: they show nothing, and what follows them is judged as a browser
parses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3
from selectolax.lexbor import LexborHTMLParser

# What a body may contain once rendered: nh3's default tags and attributes, plus the
# class/id/title/lang/dir attributes that Markdown extensions (attr_list, admonition, toc) and the
# video cards write. Everything else is removed from what is published, and refused by the checker.
ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS | {"tfoot"})
ALLOWED_ATTRIBUTES = {tag: frozenset(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
ALLOWED_ATTRIBUTES["*"] = frozenset({"class", "id", "title", "lang", "dir"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "poster", "background", "cite",
                            "data", "codebase", "xlink:href", "lowsrc", "longdesc", "usemap", "dynsrc"})
UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data", "livescript"})
SCRIPT_TAGS = frozenset({"script", "style", "object", "embed", "applet", "link", "meta", "base", "frame",
                         "frameset", "template", "noscript", "svg", "math", "portal", "xml", "xmp",
                         "plaintext", "noembed", "iframe"})
FORM_TAGS = frozenset({"form", "input", "button", "select", "textarea", "option", "optgroup", "fieldset",
                       "legend", "label", "output", "datalist", "keygen", "isindex"})


def sanitise(html: str) -> str:
    """`html` with everything outside the allow-list removed (what the build publishes)."""
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={tag: set(names) for tag, names in
                                                               ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True)


@dataclass(frozen=True)
class Finding:
    """Something cleaning removes: a whole element, one attribute of an element, or (tag "") a change
    the allow-list walk cannot name."""

    tag: str
    attribute: str | None = None
    value: str = ""


@dataclass(frozen=True)
class Element:
    """An element of the rendered body as a browser builds it."""

    tag: str
    attributes: tuple[tuple[str, str], ...]

    def get(self, name: str, default: str = "") -> str:
        return next((value for key, value in self.attributes if key == name), default)


def parse(html: str):
    """The body of a page holding `html`, parsed as a browser parses it (in body: a `<meta>` or
    `<title>` stays where it is written)."""
    return LexborHTMLParser("<!DOCTYPE html><html><head></head><body>" + html).body


def elements(html: str) -> list[Element]:
    """Every element of the rendered `html`, in document order."""
    body = parse(html)
    if body is None:
        return []
    nodes = body.traverse()
    next(nodes, None)  # the body itself
    return [Element(node.tag, tuple((name, value or "") for name, value in node.attributes.items()))
            for node in nodes if not node.tag.startswith("-")]


def removed(html: str, parsed: list[Element] | None = None, cleaned: str | None = None) -> list[Finding]:
    """What `sanitise` removes from `html`; [] when the published body is the rendered one.

    `parsed`: `elements(html)`, and `cleaned`: `sanitise(html)`, when the caller has them already.
    """
    findings = [finding for element in (parsed if parsed is not None else elements(html))
                for finding in element_findings(element)]
    if not findings and html_tree(html) != html_tree(sanitise(html) if cleaned is None else cleaned):
        findings.append(Finding(""))  # nh3 changed something the walk does not name
    return findings


def element_findings(element: Element) -> list[Finding]:
    """What the allow-list takes from one element: the element, or some of its attributes."""
    if element.tag not in ALLOWED_TAGS:
        return [Finding(element.tag)]
    allowed = ALLOWED_ATTRIBUTES.get(element.tag, frozenset()) | ALLOWED_ATTRIBUTES["*"]
    findings = []
    for name, value in element.attributes:
        if name not in allowed:
            findings.append(Finding(element.tag, name, value))
        elif name in URL_ATTRIBUTES:
            scheme = url_scheme(value)
            if scheme is not None and scheme not in URL_SCHEMES:
                findings.append(Finding(element.tag, name, value))
    return findings


def html_tree(html: str) -> list[tuple]:
    """The parsed tree as a flat list of elements (with their attributes) and texts, comments left out."""
    body = parse(html)
    if body is None:
        return []
    items = []
    for node in body.traverse(include_text=True):
        if node.tag == "-text":
            text = node.text_content
            if items and items[-1][0] == "text":
                items[-1] = ("text", items[-1][1] + text)  # texts a removed comment kept apart
            else:
                items.append(("text", text))
        elif not node.tag.startswith("-"):
            items.append((node.tag, tuple(sorted((name, value or "") for name, value in node.attributes.items()))))
    return items


def headings(html: str) -> list[tuple[str, str, str]]:
    """(tag, id, text) of each heading of `html` (a sanitised body), as a reader sees its text."""
    body = parse(html)
    if body is None:
        return []
    return [(node.tag, node.attributes.get("id") or "", " ".join(node.text(deep=True).split()))
            for node in body.css("h1, h2, h3, h4, h5, h6")]


_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def url_scheme(url: str) -> str | None:
    """The scheme as a browser reads it, lower case: leading spaces and controls, tabs and newlines do not count."""
    cleaned = re.sub(r"[\t\n\r]", "", url).lstrip(_C0_AND_SPACE)
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else None
