"""The browser editor's configuration (Sveltia CMS's `config.yml`), made from commhub's content schema.

Nothing here is written by hand per hub: the products collection has one field per field of
content/schema.py (PRODUCT, VERSION and what they hold), the registries give the choices (with
their names in the hub's default language), the hub's languages are the editor's locales, and the
labels and hints come from the catalogues (`admin.field.*`, `schema.*`). tests/test_admin_config.py
checks that every schema field is here, and that the result is valid for Sveltia's JSON schema.

How the files come out (the contract of content/products.py): one folder per product,
`content/products/<slug>/index.<lang>.md` per language (`i18n.structure: multiple_files`). The
product fields are not translated, so Sveltia writes them in the default language's file only: that
is where the loader reads them when there is no product.yml. A version's own fields (title, summary,
translation, body) are translated (`i18n: true`), one file per language.
Media files go into the product's folder, named in `media[].file` as the loader expects.
`commhub check` stays the judge: what Sveltia cannot express (a translation block only in
translations, alt texts in each language of the product) is checked on the pull request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from commhub.content.model import Content
from commhub.content.schema import (
    BOOLEAN, CHOICE, CHOICES, DATE, ENTRIES, LOCALIZED, MAPPING, PRODUCT, REFERENCE, REFERENCES, SHA256, TEXT,
    TOPICS_FILE, UNITS_FILE, CHANNELS_FILE, VERSION, Field, Format,
)
from commhub.i18n.messages import Messages

# The Sveltia backend for `admin_repo: test-repo`: files kept in the browser (demonstrations, tests).
TEST_REPO = "test-repo"
GITHUB_REPO = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
# Long texts get a text area; shorter ones a one-line input.
TEXT_AREA_FROM = 200
# Fields that the editor keeps but never shows: written by `commhub translate --refresh`.
HIDDEN = {("translation", "source_sha")}


@dataclass(frozen=True)
class AdminSettings:
    """Where the editor saves: a GitHub repository (`owner/name`) or TEST_REPO."""

    repo: str
    branch: str = ""
    auth_url: str = ""  # an OAuth client (e.g. Sveltia CMS Authenticator); empty: sign in with a token
    site_url: str = ""

    @property
    def is_test(self) -> bool:
        return self.repo == TEST_REPO

    def problem(self) -> tuple[str, dict] | None:
        """(message code, parameters) when a setting cannot work, else None."""
        if not self.is_test and not GITHUB_REPO.match(self.repo):
            return "admin_repo_invalid", {"value": self.repo}
        if self.auth_url and not self.auth_url.startswith("https://"):
            return "admin_auth_url_invalid", {"value": self.auth_url}
        return None


def cms_config(content: Content, settings: AdminSettings, messages: Messages, content_dir: str = "content") -> dict:
    """The whole configuration, as a mapping ready for YAML."""
    default = content.default_language.code
    labels = _Labels(content, messages, default)
    config = {
        "backend": _backend(settings),
        "app_title": labels.app_title(),
        "media_folder": f"{content_dir}/products",
        "i18n": {
            "structure": "multiple_files",
            "locales": [language.code for language in content.languages],
            "default_locale": default,
            # A new product starts in the default language only: no empty file for every other one.
            "initial_locales": "default",
        },
        # An optional field left empty is not written (commhub reads "absent", not `key: ''`).
        "output": {"omit_empty_optional_fields": True},
        # Slugs as commhub wants them: a-z, digits, hyphens.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_products(content_dir, labels), _registries(content_dir, labels)],
    }
    if settings.site_url:
        config["site_url"] = settings.site_url
    if not settings.is_test:
        # Every change goes through a pull request that `commhub check` judges before anyone merges it.
        config["publish_mode"] = "editorial_workflow"
    return config


def _backend(settings: AdminSettings) -> dict:
    if settings.is_test:
        return {"name": TEST_REPO}
    backend = {"name": "github", "repo": settings.repo}
    if settings.branch:
        backend["branch"] = settings.branch
    if settings.auth_url:
        backend["base_url"] = settings.auth_url
    else:
        backend["auth_methods"] = ["token"]  # a fine-grained personal access token (CONTRIBUTING.md)
    return backend


class _Labels:
    """Field labels, hints and choice names in the hub's default language."""

    def __init__(self, content: Content, messages: Messages, default: str):
        self.content, self.t, self.default = content, messages, default

    def app_title(self) -> str:
        hub = self.content.hub
        name = hub.texts.get("name", {}).get(self.default) if hub else None
        return self.t("admin.app_title", hub=name or self.t("admin.hub"))

    def label(self, format: Format, field: Field) -> str:
        return self.t(f"admin.field.{format.name}.{field.name}")

    def hint(self, format: Format, field: Field) -> str:
        return _capitalised(self.t(format.description_key(field)))

    def options(self, field: Field) -> list[dict]:
        if field.vocabulary is not None:
            return [{"label": _capitalised(self.t(field.vocabulary.label_key(value))), "value": value}
                    for value in field.values]
        if field.registry == "languages":
            return [{"label": language.name, "value": language.code} for language in self.content.languages]
        entries = getattr(self.content, field.registry)
        return [{"label": entry.name(self.default), "value": entry.id} for entry in entries.values()]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _products(content_dir: str, labels: _Labels) -> dict:
    default = labels.default
    # A version's own fields, in each language; the product's, once (Sveltia writes them in the default
    # language's file only). A version's overrides of channels, date and status stay a Git-path feature:
    # as translated fields, Sveltia would copy the product's values into each new version, where they
    # would then go stale.
    fields = [_translated(_field(VERSION, field, labels)) for field in VERSION.fields if field.name not in PRODUCT]
    for field in PRODUCT.fields:
        entry = _field(PRODUCT, field, labels)
        if field.registry == "languages":
            entry["default"] = default  # most products are written in the hub's language first
        fields.append(entry)
    fields.append({"name": "body", "label": labels.t("admin.field.version.body"), "widget": "markdown",
                   "i18n": True, "hint": labels.t("admin.hint.body")})
    return {
        "name": "products",
        "label": labels.t("admin.collection.products"),
        "label_singular": labels.t("admin.collection.product"),
        "description": labels.t("admin.collection.products_about"),
        "folder": f"{content_dir}/products",
        "path": "{{slug}}/index",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "i18n": True,
        "identifier_field": "title",
        "summary": "{{title}}",
        "sortable_fields": ["published", "title"],
        # Media beside the entry: `content/products/<slug>/<file>`, named by its file name alone.
        "media_folder": "",
        "public_folder": "",
        "fields": fields,
    }


def _translated(entry: dict) -> dict:
    """`entry` and every field inside it edited in each language (Sveltia shows the fields of a
    translated object in another language only when they are translated too)."""
    return {**entry, "i18n": True,
            **({"fields": [_translated(sub) for sub in entry["fields"]]} if "fields" in entry else {})}


def _registries(content_dir: str, labels: _Labels) -> dict:
    """Topics, units and channels, one file each, so that a topic can be added from the browser too."""
    files = []
    for registry_file in (TOPICS_FILE, UNITS_FILE, CHANNELS_FILE):
        (list_field,) = registry_file.fields
        entry = list_field.format
        files.append({
            "name": registry_file.name,
            "label": labels.t(f"admin.registry.{registry_file.name}"),
            "file": f"{content_dir}/{registry_file.file}",
            "format": "yml",
            "fields": [{
                "name": list_field.name, "label": labels.t(f"admin.registry.{registry_file.name}"),
                "widget": "list", "summary": "{{fields.id}}", "collapsed": True,
                "fields": [_field(entry, field, labels) for field in entry.fields],
            }],
        })
    return {"name": "registries", "label": labels.t("admin.collection.registries"), "files": files}


def _field(format: Format, field: Field, labels: _Labels) -> dict:
    """One schema field as a Sveltia field (its widget from the field's kind)."""
    label, hint = labels.label(format, field), labels.hint(format, field)
    out = {"name": field.name, "label": label, **({} if hint.casefold() == label.casefold() else {"hint": hint}),
           "required": field.required is True}
    kind = field.kind
    if (format.name, field.name) in HIDDEN or kind == SHA256:
        return {"name": field.name, "widget": "hidden"}
    if (format.name, field.name) == ("media", "file"):
        return {**out, "widget": "file", "choose_url": False}
    if kind == TEXT:
        widget = "text" if (field.limit or 0) >= TEXT_AREA_FROM else "string"
        out.update(widget=widget, **({"maxlength": field.limit} if field.limit else {}))
    elif kind in (CHOICE, REFERENCE):
        out.update(widget="select", options=labels.options(field))
    elif kind in (CHOICES, REFERENCES):
        out.update(widget="select", multiple=True, options=labels.options(field))
    elif kind == DATE:
        out.update(widget="datetime", type="date", format="YYYY-MM-DD")
    elif kind == BOOLEAN:
        out.update(widget="boolean", default=False)
    elif kind == LOCALIZED:
        # {language code: text}: one input per language of the hub, none required here (the checker says
        # which are needed: an image's alt text in each language the product has).
        out.update(widget="object", fields=[
            {"name": language.code, "label": language.name, "widget": "string", "required": False}
            for language in labels.content.languages])
    elif kind == MAPPING:
        out.update(widget="object", fields=[_field(field.format, sub, labels) for sub in field.format.fields])
    elif kind == ENTRIES:
        out.update(widget="list", fields=[_field(field.format, sub, labels) for sub in field.format.fields],
                   **({"max": field.limit} if field.limit else {}))
    else:  # an ID: text, checked by commhub
        out.update(widget="string", pattern=["^[a-z0-9]+(?:-[a-z0-9]+)*$", labels.t("admin.hint.id_pattern")])
    return out
