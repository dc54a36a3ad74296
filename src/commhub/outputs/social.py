"""Link previews: what a page says when its link is shared (Open Graph, Twitter Card), and the share
cards (outputs/share_cards.py) those tags point to.

`og:locale` takes the platforms' form, `language_TERRITORY`: the language's most likely territory in
CLDR's likely subtags (`km_KH`, `en_US`, `fr_FR`, `zh_CN`), the national language's Vietnam
(`vi_VN`), and an ethnic-minority language that CLDR does not place (langcodes then answers its
default, US) Vietnam too (`hmn_VN`, `ktv_VN`). A code with no such form gets no tag.
"""

from __future__ import annotations

import re
from pathlib import Path

import langcodes

from commhub.content.model import Language
from commhub.outputs.share_cards import Card, CardCache

HUB_COUNTRY = "VN"  # commhub's hubs are Vietnam's provinces and agencies
LOCALE = re.compile(r"^[a-z]{2,3}_[A-Z]{2}$")


def og_locale(language: Language) -> str | None:
    code = language.code.split("-")[0].lower()
    try:
        territory = langcodes.Language.get(language.code).maximize().territory or ""
    except (ValueError, LookupError):
        return None
    if language.group == "national" or (language.group == "ethnic_minority" and territory in ("", "US")):
        territory = HUB_COUNTRY
    locale = f"{code}_{territory}"
    return locale if LOCALE.match(locale) else None


def card_url(lang: str, slug: str | None = None) -> str:
    """Site-relative address of a card: a product's version, or a language's site card."""
    return f"share/{lang}/products/{slug}.png" if slug else f"share/{lang}/site.png"


def product_card(plan, views, product, lang: str) -> Card:
    t = views.messages[lang]
    version = product.versions[lang]
    return Card(lang=lang, heading=version.title, kicker=t(f"ui.type.{product.type}"),
                footer=plan.content.units[product.unit].name(lang, plan.fallbacks(lang)),
                brand=plan.identity(lang).name)


def site_card(plan, lang: str) -> Card:
    identity = plan.identity(lang)
    return Card(lang=lang, heading=identity.name, footer=identity.description)


def write_share_cards(plan, views, site_dir: Path, cache: CardCache, languages, jobs: int = 1,
                      extra: dict[Path, Card] | None = None) -> int:
    """Every card of the languages built, into `site_dir/share/`, and the `extra` ones (the podcasts'
    covers); the number written."""
    cards = dict(extra or {})
    for lang in languages:
        cards[Path(site_dir) / card_url(lang)] = site_card(plan, lang)
        for product in plan.content.products.values():
            version = product.versions.get(lang)
            if version is not None and version.is_published:
                cards[Path(site_dir) / card_url(lang, product.slug)] = product_card(plan, views, product, lang)
    cache.write_all(cards, jobs)
    return len(cards)
