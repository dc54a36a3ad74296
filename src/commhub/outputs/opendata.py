"""The open-data catalogue: what was published, in files others can link to and load.

- `<prefix>data/products.json`: every published version in that language;
- `data/products.csv`: one row per published version of every product, all languages;
- `data/index.json`: a small DCAT-like description of the files above, the CSV's columns described
  as the content schema (content/schema.py) describes the fields they come from.

Rows come in a stable order (slug, then the language order of languages.yml) and
carry no date but the content's own, so the files are reproducible. Drafts are
never planned, so they never appear. Without `site_url`, URLs are relative to the
file they are written in.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson

from commhub.content.schema import PRODUCT, TRANSLATION, VERSION
from commhub.i18n.messages import Messages
from commhub.site.plan import SitePage, SitePlan
from commhub.outputs.spreadsheet import spreadsheet_safe
from commhub.site.urls import link

DATA_DIR = "data"
CSV_PATH = f"{DATA_DIR}/products.csv"
INDEX_PATH = f"{DATA_DIR}/index.json"
LICENSE_PLACEHOLDER = "UNSPECIFIED: set the commhub plugin's `data_license` in mkdocs.yml"
GENERATED_FROM = "commhub content/: products/<slug>/product.yml and index.<lang>.md, published versions only"

# CSV columns; lists are joined with CSV_LIST_SEPARATOR so that each version stays one row.
CSV_COLUMNS = (
    "slug", "lang", "title", "summary", "type", "topics", "unit", "unit_name", "channels", "published",
    "original_language", "is_translation", "translation_method", "translation_reviewed", "translation_outdated",
    "url", "media",
)
CSV_LIST_SEPARATOR = " "  # ids and URLs never contain spaces
# The columns that are an editor's field (content/schema.py), described as the schema describes it;
# the others are the site's own, described under `schema.opendata.<column>`. channels and published
# are the version's own when it has them, else the product's.
COLUMN_FIELDS = {
    "title": (VERSION, "title"), "summary": (VERSION, "summary"), "type": (PRODUCT, "type"),
    "topics": (PRODUCT, "topics"), "unit": (PRODUCT, "unit"), "channels": (PRODUCT, "channels"),
    "published": (PRODUCT, "published"), "original_language": (PRODUCT, "original_language"),
    "translation_method": (TRANSLATION, "method"), "translation_reviewed": (TRANSLATION, "reviewed"),
}


def json_path(plan: SitePlan, lang: str) -> str:
    return f"{plan.prefix(lang)}{DATA_DIR}/products.json"


def published_pages(plan: SitePlan, lang: str | None = None) -> list[SitePage]:
    """Pages of published versions, by slug then declared language order."""
    codes = [lang] if lang else plan.codes
    return [
        page
        for slug in sorted(plan.product_pages)
        for code in codes
        if (page := plan.product_pages[slug][code]).page_kind.version
    ]


def version_record(plan: SitePlan, page: SitePage, site_url: str, here: str) -> dict:
    """One published version as plain data; names are given in the version's own language."""
    content = plan.content
    product, version = page.data["product"], page.data["version"]
    lang, fallbacks = version.lang, (plan.default,)
    translation = version.translation
    return {
        "slug": product.slug,
        "lang": lang,
        "title": version.title,
        "summary": version.summary,
        "type": product.type,
        "topics": [{"id": topic, "name": content.topics[topic].name(lang, fallbacks)} for topic in product.topics],
        "unit": {"id": product.unit, "name": content.units[product.unit].name(lang, fallbacks)},
        "channels": [{"id": channel, "name": content.channels[channel].name(lang, fallbacks)}
                     for channel in version.channels],
        "published": version.published.isoformat(),
        "original_language": product.original_language,
        "is_translation": translation is not None,
        "translation": None if translation is None else {
            "method": translation.method,
            "reviewed": translation.reviewed,
            "outdated": version.outdated,
        },
        "url": link(site_url, here, page.url),
        "media": [
            {
                "file": media.file,
                "kind": media.kind,
                "url": link(site_url, here, f"products/{product.slug}/{media.file}"),
                "alt": media.alt.get(lang) or media.alt.get(product.original_language, ""),
            }
            for media in product.media
        ],
    }


def csv_row(record: dict) -> dict[str, str]:
    """One CSV row; every cell is text, made safe for spreadsheets (see outputs/spreadsheet.py)."""
    translation = record["translation"] or {}

    def flag(value) -> str:
        return "" if value is None else str(value).lower()

    row = {
        "slug": record["slug"],
        "lang": record["lang"],
        "title": record["title"],
        "summary": record["summary"],
        "type": record["type"],
        "topics": CSV_LIST_SEPARATOR.join(topic["id"] for topic in record["topics"]),
        "unit": record["unit"]["id"],
        "unit_name": record["unit"]["name"],
        "channels": CSV_LIST_SEPARATOR.join(channel["id"] for channel in record["channels"]),
        "published": record["published"],
        "original_language": record["original_language"],
        "is_translation": flag(record["is_translation"]),
        "translation_method": translation.get("method", ""),
        "translation_reviewed": flag(translation.get("reviewed")),
        "translation_outdated": flag(translation.get("outdated")),
        "url": record["url"],
        "media": CSV_LIST_SEPARATOR.join(media["url"] for media in record["media"]),
    }
    return {column: spreadsheet_safe(value) for column, value in row.items()}


def render_json(plan: SitePlan, lang: str, site_url: str) -> str:
    here = json_path(plan, lang)
    records = [version_record(plan, page, site_url, here) for page in published_pages(plan, lang)]
    return dumps_for_cache({"lang": lang, "count": len(records), "products": records})


def render_csv(plan: SitePlan, site_url: str) -> str:
    # Written with a UTF-8 BOM (encoding utf-8-sig): Excel, which civil servants open CSV files
    # with, reads BOM-less CSV in the Windows code page and garbles Vietnamese and Khmer text.
    # Python (encoding="utf-8-sig"), LibreOffice and pandas all skip the BOM.
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")  # RFC 4180
    writer.writeheader()
    for page in published_pages(plan):
        writer.writerow(csv_row(version_record(plan, page, site_url, CSV_PATH)))
    return out.getvalue()


def render_index(plan: SitePlan, site_url: str, license: str | None, messages_for_lang: dict[str, Messages]) -> str:
    content = plan.content
    pages = published_pages(plan)
    dates = [page.data["version"].published.isoformat() for page in pages]

    def localized(key: str, **params) -> dict[str, str]:
        return {lang: messages_for_lang[lang](key, site=plan.identity(lang).name, **params) for lang in plan.codes}

    files = [{
        "url": link(site_url, INDEX_PATH, CSV_PATH),
        "media_type": "text/csv; charset=utf-8; header=present",
        "encoding_note": "UTF-8 with byte order mark, for Excel",
        "languages": plan.codes,
        "rows": len(pages),
        "title": localized("ui.feed.data_csv"),
        "columns": list(CSV_COLUMNS),
        "column_descriptions": column_descriptions(plan.codes, messages_for_lang),
        "list_separator": CSV_LIST_SEPARATOR,
    }]
    for lang in plan.codes:
        count = sum(page.lang == lang for page in pages)
        files.append({
            "url": link(site_url, INDEX_PATH, json_path(plan, lang)),
            "media_type": "application/json",
            "languages": [lang],
            "rows": count,
            "title": localized("ui.feed.data_json", language=content.language(lang).name),
        })
    return dumps_for_cache({
        "type": "dcat:Catalog",
        "title": localized("ui.feed.data_title"),
        "description": localized("ui.feed.data_description"),
        # The hub's agency (content/hub.yml), else its name: who publishes the data.
        "publisher": {lang: plan.identity(lang).agency or plan.identity(lang).name for lang in plan.codes},
        "license": license or LICENSE_PLACEHOLDER,
        "languages": plan.codes,
        "modified": max(dates) if dates else None,  # a content date, never the build's clock
        "generated_from": GENERATED_FROM,
        "urls_relative_to_file": not site_url,
        "files": files,
    })


def column_descriptions(codes: list[str], messages_for_lang: dict[str, Messages]) -> list[dict]:
    """Each CSV column: the content field it comes from (`file: key`, or null), and what it means in
    each of `codes` that commhub has the description in (never another language's text under a code)."""
    described = []
    for column in CSV_COLUMNS:
        if column in COLUMN_FIELDS:
            format, key = COLUMN_FIELDS[column]
            prefix = "translation." if format is TRANSLATION else ""
            source, message = f"{format.file}: {prefix}{key}", format.description_key(format[key])
        else:
            source, message = None, f"schema.opendata.{column}"
        texts = {lang: messages_for_lang[lang](message) for lang in codes
                 if messages_for_lang[lang].language_of(message) == lang}
        described.append({"name": column, "source": source, "description": texts})
    return described


def write_opendata(plan: SitePlan, site_dir: Path | str, site_url: str, messages_for_lang: dict[str, Messages],
                   license: str | None = None) -> list[Path]:
    """Write every data file into `site_dir`; returns the files written."""
    outputs = {json_path(plan, lang): render_json(plan, lang, site_url) for lang in plan.codes}
    outputs[CSV_PATH] = render_csv(plan, site_url)
    outputs[INDEX_PATH] = render_index(plan, site_url, license, messages_for_lang)
    written = []
    for relative, text in outputs.items():
        path = Path(site_dir) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        encoding = "utf-8-sig" if relative.endswith(".csv") else "utf-8"
        # newline="" keeps the CSV's CRLF as written and the JSON's LF on every platform.
        with path.open("w", encoding=encoding, newline="") as file:
            file.write(text)
        written.append(path)
    return written


def dumps_for_cache(data) -> str:
    # Keys stay in insertion order (documented order), text stays readable (no \u escapes); orjson
    # writes what json.dumps(ensure_ascii=False, indent=2) writes, several times faster.
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
