"""Language codes checked against the IANA Language Subtag Registry (BCP 47, which takes the
ISO 639-1 and ISO 639-3 codes), through langcodes, which ships the registry.

A code must be registered (`gie` is, for Guébie; `xyz` is not) and written in its shortest form
(`vi`, not `vie`). A language with no code of its own (Giẻ Triêng) takes one of the private-use
codes `qaa`–`qtz` with its display name; such a code is accepted and said to be private.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

import langcodes

_PRIVATE_USE = re.compile(r"^q[a-t][a-z](?:-|$)")
# What `commhub language remove` takes: any language part a file name or a key can carry, declared
# or not (`index.VI.md` too), so that the check can name that command for it.
REMOVABLE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def code_problem(code: str) -> tuple[str, dict] | None:
    """(problem code, parameters) when `code` is not a registered language tag in its standard form."""
    if not langcodes.tag_is_valid(code):
        return "language_code_unknown", {"value": code, "suggestions": ", ".join(nearest(code)) or "—"}
    standard = langcodes.standardize_tag(code)
    if standard != code:
        return "language_code_not_standard", {"value": code, "suggestion": standard}
    return None


def is_private_use(code: str) -> bool:
    """`code` is in the private-use range qaa–qtz (for a language without its own code)."""
    return _PRIVATE_USE.match(code) is not None


def nearest(code: str, count: int = 3) -> list[str]:
    """The registered language subtags closest to `code`'s first subtag."""
    return difflib.get_close_matches(code.split("-")[0].lower(), _language_subtags(), n=count, cutoff=0.5)


@lru_cache(maxsize=1)
def _language_subtags() -> list[str]:
    from langcodes.registry_parser import parse_registry

    return sorted(entry["Subtag"] for entry in parse_registry()
                  if entry.get("Type") == "language" and "Deprecated" not in entry and ".." not in entry["Subtag"])
