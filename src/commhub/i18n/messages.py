"""The one mechanism for user-facing strings: YAML catalogues in `locales/`.

Each catalogue maps dotted keys to `str.format` templates. Keys under `ui.`
are the site's interface; keys under `problem.` are the checker's messages.
A missing key falls back along the chain given to `Messages` and finally to
English, so a new language can start with a partial catalogue. A hub's own
catalogues (i18n/hub_locales.py: `locales/<lang>.yml` beside `content/`) come first
for each language of the chain.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Mapping

import yaml

LOCALES_DIR = Path(__file__).parent / "locales"
# libyaml's loader when PyYAML has it: same result (tests/test_messages_loader.py), ~10x faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LAST_RESORT = "en"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """The flattened catalogue of one language ({} when there is none)."""
    path = LOCALES_DIR / f"{lang}.yml"
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    flat: dict[str, str] = {}
    _flatten(data, "", flat)
    return flat


def _flatten(node, prefix: str, out: dict[str, str]) -> None:
    for key, value in node.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, name + ".", out)
        else:
            out[name] = str(value)


def has_catalogue(lang: str) -> bool:
    """commhub ships a catalogue for `lang`."""
    return (LOCALES_DIR / f"{lang}.yml").is_file()


def available_languages() -> list[str]:
    return sorted(path.stem for path in LOCALES_DIR.glob("*.yml"))


class MessageError(Exception):
    """A refusal the user reads in their language: a message key (under a command's `problem.` prefix)
    and its parameters. Each command's own subclass says which prefix."""

    def __init__(self, code: str, /, **params):
        super().__init__(code)
        self.code, self.params = code, params


class Messages:
    """Translate keys for one reader: `lang` first, then each fallback, then English."""

    def __init__(self, lang: str, fallbacks: tuple[str, ...] = (), hub: Mapping[str, Mapping[str, str]] | None = None):
        """`hub`: the hub's own catalogues by language (hublocales.load_hub_locales), looked in first."""
        self.lang = lang
        chain = [lang, *fallbacks, LAST_RESORT]
        self.chain = tuple(dict.fromkeys(chain))
        self.hub = hub or {}

    def _find(self, key: str) -> tuple[str, str] | None:
        """(template, language it is in) for `key`, along the chain; the hub's catalogue of each
        language before commhub's."""
        for code in self.chain:
            for source in (self.hub.get(code), catalogue(code)):
                if source and key in source:
                    return source[key], code
        return None

    def has(self, key: str) -> bool:
        return self._find(key) is not None

    def language_of(self, key: str) -> str:
        """The language the text for `key` actually comes from."""
        found = self._find(key)
        return found[1] if found else LAST_RESORT

    def __call__(self, key: str, /, **params) -> str:
        found = self._find(key)
        if found is None:
            raise KeyError(f"no message '{key}' in any of {', '.join(self.chain)}")
        return found[0].format(**params) if params else found[0]
