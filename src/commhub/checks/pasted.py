"""What text pasted from Word brings along: non-breaking spaces as indentation or after a key's colon, smart quotes around
YAML values, `•` and `–` bullets instead of Markdown lists, zero-width characters, tabs that turn a
line into code. Each is found at its line; `commhub check --fix` repairs those whose fix is certain.

YAML is judged in `.yml` files and in a Markdown file's front matter; Markdown rules in its body.
"""

from __future__ import annotations

import re

# Non-breaking spaces (Word's, and the narrow one) before the first character of a YAML line.
_NBSP_INDENT = re.compile(r"^([ \u00a0\u202f]*[\u00a0\u202f][ \u00a0\u202f]*)(?=\S)", re.M)
# A non-breaking space between `key:` and its value: YAML then reads no key at all.
_NBSP_AFTER_COLON = re.compile(r"^(?P<lead>[ ]*(?:- +)?[A-Za-z_][\w-]*:)(?P<space>[\u00a0\u202f][ \u00a0\u202f]*)(?=\S)",
                               re.M)
# A YAML value (after `key:` or a list's `-`) wrapped in typographic quotes: “…”, ‘…’, „…“, «…».
_SMART_QUOTED = re.compile(r"^(?P<lead>[ ]*(?:- +)?(?:[A-Za-z_][\w-]*: +)?)(?P<open>[“”‘’„«])(?P<inner>[^\n]*?)"
                           r"(?P<close>[“”‘’»])[ ]*(?P<cr>\r?)$", re.M)
# A body line opening with a word processor's bullet (Symbol/Wingdings `` too) and a space.
_BULLET = re.compile(r"^(?P<indent>[ ]*)[•◦▪●‣∙\uf0b7\uf0a7](?:[ \t\u00a0]+)", re.M)
# A body line opening with a dash and a space: a list when several lines in a row do.
_DASH = re.compile(r"^(?P<indent>[ ]*)[–—][ \t\u00a0]+", re.M)
_TAB_START = re.compile(r"^\t", re.M)
# Zero-width space, word joiner, and a byte-order mark inside the text. Khmer, Thai, Lao, Burmese
# and Chinese/Japanese texts use the zero-width space between words: there it stays.
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")
_ZERO_WIDTH_OK = ("km", "th", "lo", "my", "zh", "ja")
_SUSPECT = re.compile("[\u00a0\u202f“”‘’„«•◦▪●‣∙\uf0b7\uf0a7–—\t\u200b\u2060\ufeff]")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\n)---[ \t]*(?:\r?\n|\Z)", re.S)


def find_pasted(name: str, text: str) -> list[tuple[int, str, str, dict]]:
    """(line, severity, problem code, parameters) for every trace of pasting in the file `name`."""
    if not _SUSPECT.search(text):
        return []
    yaml_part, body, yaml_start, body_start = _parts(name, text)
    body = _without_code(body)
    found = []

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    for match in _NBSP_INDENT.finditer(yaml_part):
        found.append((line_of(yaml_start + match.start()), "error", "pasted_nbsp_indent", {}))
    for match in _NBSP_AFTER_COLON.finditer(yaml_part):
        found.append((line_of(yaml_start + match.start()), "error", "pasted_nbsp_after_colon",
                      {"key": match["lead"].strip(" -").rstrip(":")}))
    for match in _SMART_QUOTED.finditer(yaml_part):
        found.append((line_of(yaml_start + match.start()), "error", "pasted_smart_quotes",
                      {"value": match["open"] + match["inner"] + match["close"], "fixed": _quoted(match["inner"])}))
    zero_width_ok = _language(name) in _ZERO_WIDTH_OK
    for part, start in ((yaml_part, yaml_start), ("" if zero_width_ok else body, body_start)):
        for match in _ZERO_WIDTH.finditer(part):
            found.append((line_of(start + match.start()), "warning", "pasted_zero_width",
                          {"character": f"U+{ord(match.group()):04X}"}))
    for match in _BULLET.finditer(body):
        found.append((line_of(body_start + match.start()), "warning", "pasted_bullet", {}))
    for start, _ in _dash_lists(body):
        found.append((line_of(body_start + start), "warning", "pasted_dash_list", {}))
    for match in _TAB_START.finditer(body):
        found.append((line_of(body_start + match.start()), "warning", "pasted_tab_start", {}))
    return sorted(found)


def fix_pasted(name: str, text: str) -> str:
    """`text` with the certain fixes made: spaces for non-breaking indentation, plain quotes around
    YAML values, `- ` for bullets and for runs of dash-led lines, no zero-width characters where
    the language does not use them. Tabs are left: whether a line was meant as code is not certain."""
    if not _SUSPECT.search(text):
        return text
    yaml_part, body, _, body_start = _parts(name, text)
    yaml_part = _NBSP_INDENT.sub(lambda match: " " * len(match.group(1)), yaml_part)
    yaml_part = _NBSP_AFTER_COLON.sub(lambda match: match["lead"] + " " * len(match["space"]), yaml_part)
    yaml_part = _SMART_QUOTED.sub(lambda match: match["lead"] + _quoted(match["inner"]) + match["cr"], yaml_part)
    yaml_part = _ZERO_WIDTH.sub("", yaml_part)
    removed_zero_width = _language(name) not in _ZERO_WIDTH_OK
    prose = _without_code(body)  # same offsets: code blocks blanked out
    edits = [(match.start(), match.end(), match["indent"] + "- ") for match in _BULLET.finditer(prose)]
    edits += [(start, (match := _DASH.match(prose, start)).end(), match["indent"] + "- ")
              for start, _ in _dash_lists(prose)]
    for start, end, replacement in sorted(edits, reverse=True):
        body = body[:start] + replacement + body[end:]
    if removed_zero_width:  # last: the edits above are at offsets of the body as it was
        body = _ZERO_WIDTH.sub("", body)
    if name.endswith(".md"):
        return _rebuild_front(text, yaml_part, body_start) + body
    return yaml_part


def _rebuild_front(text: str, yaml_part: str, body_start: int) -> str:
    """The front matter block (its `---` lines kept) around the fixed YAML."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return text[:body_start]
    return text[:match.start(1)] + yaml_part + text[match.end(1):body_start]


_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})", re.M)


def _without_code(body: str) -> str:
    """`body` with the lines of fenced code blocks blanked (same length): a tab or a bullet there is meant."""
    lines = body.split("\n")
    fence = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * 3
            lines[index] = " " * len(line)
        elif fence is not None:
            if line.lstrip().startswith(fence):
                fence = None
            lines[index] = " " * len(line)
    return "\n".join(lines)


def _parts(name: str, text: str) -> tuple[str, str, int, int]:
    """(YAML text, Markdown body, offset of the YAML and of the body in `text`)."""
    if name.endswith((".yml", ".yaml")):
        return text, "", 0, len(text)
    match = _FRONT_MATTER.match(text)
    if match is None:
        return "", text, 0, 0
    return match.group(1), text[match.end():], match.start(1), match.end()


def _language(name: str) -> str:
    """`km` of `index.km.md` or `about.km.md`; '' when the name has no language."""
    parts = name.rsplit("/", 1)[-1].split(".")
    return parts[-2] if len(parts) == 3 else ""


def _quoted(inner: str) -> str:
    return '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dash_lists(body: str) -> list[tuple[int, int]]:
    """(start, end) of each dash-led line that has a dash-led neighbour line: a list, not a dialogue dash."""
    lines = []
    offset = 0
    for line in body.split("\n"):
        lines.append((offset, offset + len(line), bool(_DASH.match(line))))
        offset += len(line) + 1
    return [(start, end) for index, (start, end, dashed) in enumerate(lines)
            if dashed and ((index > 0 and lines[index - 1][2]) or (index + 1 < len(lines) and lines[index + 1][2]))]
