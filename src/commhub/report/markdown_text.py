"""Text that Markdown shows as text: for the report's Markdown, which CI appends to the job summary.

GitHub renders a job summary as GitHub Flavored Markdown with HTML allowed, so a plan name, a unit
or a target label printed there as it is could open a tag, a link, an image, a table cell or
emphasis. `markdown_text` makes every value plain text in a paragraph, a list item or a table
cell, for GitHub (cmark-gfm) and Python-Markdown alike:

- HTML's characters become character references (`&lt;`): no tag, comment or entity survives;
- Markdown's punctuation is backslash-escaped, using only the escapes that Python-Markdown also
  knows (it shows any other backslash as it is);
- the characters that only GitHub gives a meaning (`:` for autolinks and emoji, `@` for e-mail
  links and mentions, `~` for strike-through, `$` for maths, `.` for `www.` autolinks) become
  numeric character references,
  which both read as the plain character but neither takes as syntax;
- line breaks and other control characters become spaces: a value is always one line.
"""

from __future__ import annotations

import re

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_GITHUB_ONLY = {char: f"&#{ord(char)};" for char in ":@~$."}
# What can open a link, an image, a code span, emphasis, a heading or a table cell anywhere in a
# line; all are in Python-Markdown's ESCAPED_CHARS (with the tables extension). `-`, `+` and `.`
# only mean something at the start of a line, where no value is ever printed.
_BACKSLASHED = {char: "\\" + char for char in "\\`*_[]()#!|"}
_REPLACEMENTS = str.maketrans({**_BACKSLASHED, **_GITHUB_ONLY, **_HTML})
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def markdown_text(text: str) -> str:
    """`text` as Markdown that renders to these characters as text, on one line (breaks as spaces)."""
    return _CONTROL.sub(" ", str(text)).translate(_REPLACEMENTS)
