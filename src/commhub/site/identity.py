"""What the site calls itself on a page of one language: name, description, province, agency.

From content/hub.yml when the hub has one (content/hub.py), else mkdocs.yml's `site_name` and
`site_description`, as before hub.yml existed. Values are raw text: templates escape them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from commhub.content.model import Content, chosen_language
from commhub.content.schema import HUB


@dataclass(frozen=True)
class SiteIdentity:
    name: str
    description: str = ""
    province: str = ""
    agency: str = ""
    # Field -> language of its text, for each text shown in another language than the page's
    # (it then needs a `lang` attribute of its own).
    languages: dict[str, str] = field(default_factory=dict)

    def lang_of(self, key: str) -> str | None:
        return self.languages.get(key)


def site_identity(content: Content, lang: str, fallbacks: tuple[str, ...], site_name: str = "",
                  site_description: str = "") -> SiteIdentity:
    """The identity shown on `lang`'s pages; a field without a text in `lang` takes the first of
    `fallbacks` that has one (SitePlan.fallbacks: ui_fallback, then the default language)."""
    if content.hub is None:
        return SiteIdentity(site_name or "", site_description or "")
    values, languages = {}, {}
    for key in HUB.keys:
        texts = content.hub.texts.get(key, {})
        code = chosen_language(texts, lang, fallbacks)
        values[key] = texts[code] if code is not None else ""
        if code is not None and code != lang:
            languages[key] = code
    if not values["description"] and site_description:
        values["description"] = site_description
    return SiteIdentity(**values, languages=languages)
