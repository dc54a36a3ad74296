"""The content schema (content/schema.py) is the format: the loader reads each of its fields and knows
no other key, every field is described in Vietnamese and English, `commhub new` writes its fields, and
CONTRIBUTING.md's tables (the repository's and a new hub's) are the schema's."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
import unicodedata
from fractions import Fraction

import pytest
import yaml
from helpers import CHANNELS, LANGUAGES, REPO, TOPICS, UNITS, Corpus

from commhub.content import schema
from commhub.content.hub import load_hub
from commhub.content.loader import load_content
from commhub.content.schema import FILES, FORMATS, PRODUCT, TARGETS, TRANSLATED, VERSION, Format
from commhub.content.targets import Condition, load_targets
from commhub.i18n.messages import Messages
from commhub.scaffold.init import example_png, hub_files, make_spec
from commhub.scaffold.new import new_product, new_translation
from commhub.scaffold.schema_docs import SchemaDocsError, schema_block, update_tables

UNKNOWN = "zz_unknown"


def example(format: Format, lang: str = "vi") -> dict:
    """A mapping of `format` with every field set to its example (nested formats too)."""
    t = Messages(lang)
    data = {}
    for field in format.fields:
        value = field.example
        if field.kind == schema.MAPPING:
            value = example(field.format, lang)
        elif field.kind == schema.ENTRIES:
            value = [example(field.format, lang)]
        elif value == TRANSLATED:
            text = t(format.example_key(field))
            value = {lang: text} if field.kind == schema.LOCALIZED else text
        elif isinstance(value, tuple):
            value = list(value)
        if value is not None:
            data[field.name] = value
    return data


def full_corpus(tmp_path, unknown: bool = False) -> tuple[Corpus, dict]:
    """A hub whose files set every field of the schema, once each, to its example; with `unknown`,
    every mapping also has a key the schema does not know. Returns the corpus and the documents."""
    corpus = Corpus(tmp_path)
    def registry(key: str, entries: list[dict], entry: Format) -> dict:
        """The example entry, then the test corpus's others."""
        first = example(entry)
        return {key: [first, *(other for other in entries if other[entry.keys[0]] != first[entry.keys[0]])]}

    docs = {
        "languages.yml": registry("languages", LANGUAGES, schema.LANGUAGE),
        "channels.yml": registry("channels", CHANNELS, schema.CHANNEL),
        "units.yml": registry("units", UNITS, schema.UNIT),
        "topics.yml": registry("topics", TOPICS, schema.TOPIC),
        "product.yml": example(PRODUCT),
        "original": {key: value for key, value in example(VERSION).items() if key != "translation"},
        "translation": example(VERSION, "en"),
        "targets.yml": example(TARGETS),
        "hub.yml": example(schema.HUB),
    }
    # A target has a share or a count, never both: the example's one target becomes two (and so do
    # their milestones).
    share = docs["targets.yml"]["targets"][0]
    count = {**copy.deepcopy(share), "id": f"{share['id']}-count"}
    del share["count"], count["share"], share["milestones"][0]["count"], count["milestones"][0]["share"]
    docs["targets.yml"]["targets"].append(count)
    # The example unit's parent and successor, which the example names.
    docs["units.yml"]["units"] += [{"id": "ubnd-tinh", "name": {"vi": "Ủy ban nhân dân tỉnh"}},
                                   {"id": "so-tu-phap-tp", "name": {"vi": "Sở Tư pháp thành phố"}}]
    if unknown:
        docs = {name: _with_unknown_keys(doc) for name, doc in docs.items()}
    for name in ("languages.yml", "channels.yml", "units.yml", "topics.yml", "targets.yml", "hub.yml"):
        corpus.write_yaml(name, docs[name])
    folder = corpus.content / "products/vi-du"
    corpus.write_yaml("products/vi-du/product.yml", docs["product.yml"])
    (folder / "anh-minh-hoa.png").write_bytes(example_png())
    original = corpus.write("products/vi-du/index.vi.md", _markdown(docs["original"]))
    docs["translation"]["translation"]["source_sha"] = hashlib.sha256(original.read_bytes()).hexdigest()
    corpus.write("products/vi-du/index.en.md", _markdown(docs["translation"]))
    return corpus, docs


def _with_unknown_keys(node):
    if isinstance(node, dict):
        return {**{key: _with_unknown_keys(value) for key, value in node.items()}, UNKNOWN: 1}
    if isinstance(node, list):
        return [_with_unknown_keys(item) for item in node]
    return node


def _markdown(meta: dict) -> str:
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\nNội dung.\n"


def load_all(corpus: Corpus):
    content, problems = load_content(corpus.content)
    plan, target_problems = load_targets(corpus.content / "targets.yml", content)
    content.hub = load_hub(corpus.content, content.languages, problems)
    return content, plan, [*problems, *target_problems]


def test_the_loader_reads_every_field_of_the_schema(tmp_path):
    corpus, docs = full_corpus(tmp_path)
    content, plan, problems = load_all(corpus)
    assert [problem.code for problem in problems] == []
    product = content.products["vi-du"]
    original, translation = product.versions["vi"], product.versions["en"]
    language = content.language("vi")
    date = dt.date.fromisoformat
    # What the model holds for each field of each format; a field added to the schema must be added here.
    read = {
        "language": {"code": language.code, "name": language.name, "group": language.group,
                     "default": language.default, "ui_fallback": language.ui_fallback},
        "channel": {"id": "website", "name": content.channels["website"].names,
                    "group": content.channels["website"].group},
        "unit": {"id": "so-tu-phap", "name": content.units["so-tu-phap"].names,
                 **{key: getattr(content.units["so-tu-phap"], key) for key in ("level", "parent", "valid_from",
                                                                               "valid_to")},
                 "successors": list(content.units["so-tu-phap"].successors)},
        "topic": {"id": "legal-aid", "name": content.topics["legal-aid"].names},
        "product": {"type": product.type, "topics": list(product.topics), "unit": product.unit,
                    "channels": list(product.channels), "published": product.published,
                    "original_language": product.original_language, "status": product.status,
                    "featured": product.featured, "media": len(product.media)},
        "media": {"file": product.media[0].file, "kind": product.media[0].kind, "alt": product.media[0].alt},
        "version": {"title": original.title, "summary": original.summary,
                    "translation": translation.translation is not None, "channels": list(original.channels),
                    "published": original.published, "status": original.status},
        "translation": {key: getattr(translation.translation, key) for key in schema.TRANSLATION.keys},
        "targets": {"plan": plan.name is not None, "period": plan.start is not None, "count": plan.count,
                    "translations": plan.translations, "targets": len(plan.targets)},
        "plan": {"name": plan.name, "reference": plan.reference, "number": plan.number, "date": plan.date,
                 "authority": plan.authority},
        "period": {"from": plan.start, "to": plan.end},
        "target": {"id": plan.targets[0].id, "label": plan.targets[0].label, "any": len(plan.targets[0].any),
                   "share": plan.targets[0].measure == "share", "count": plan.targets[1].measure == "count",
                   "count_by": plan.targets[0].count_by, "translations": plan.targets[0].translations,
                   "milestones": len(plan.targets[0].milestones)},
        "milestone": {"period": plan.targets[0].milestones[0].start is not None,
                      "share": plan.targets[0].milestones[0].min is not None,
                      "count": plan.targets[1].milestones[0].min is not None},
        "condition": dict(plan.targets[0].any[0].ids),
        "share": {"min": plan.targets[0].min, "max": plan.targets[0].max},
        "count": {"min": plan.targets[1].min},
        "hub": dict(content.hub.texts),
    }
    for name, format in FORMATS.items():
        if format.name in schema.REGISTRY_FILES:  # the file's one key, the list of entries itself
            assert len(getattr(content, name) if name != "languages" else content.languages) > 1
            continue
        assert set(read[name]) == set(format.keys), name
        values = example(format, "en" if format is schema.TRANSLATION else "vi")
        for field in format.fields:
            expected = values.get(field.name)
            if field.kind in (schema.MAPPING, schema.ENTRIES):
                assert read[name][field.name], (name, field.name)
                continue
            if field.kind == schema.DATE:
                expected = date(expected)
            elif field.kind == schema.NUMBER:
                expected = Fraction(str(expected))
            elif field.kind in (schema.CHOICES, schema.REFERENCES) and name == "condition":
                expected = frozenset(expected if isinstance(expected, list) else [expected])
            elif field.kind == schema.SHA256:
                expected = docs["translation"]["translation"]["source_sha"]
            assert read[name][field.name] == expected, (name, field.name)
    assert plan.targets[0].any == (Condition(tuple(read["condition"].items())),)


def test_the_loader_knows_no_key_but_the_schemas(tmp_path):
    """A key the schema does not know is refused in every mapping of every file, each time with the
    schema's keys of that mapping as the allowed ones, in the schema's order."""
    corpus, docs = full_corpus(tmp_path, unknown=True)
    _, _, problems = load_all(corpus)
    # (An unknown key in a `{lang: text}` mapping is an unknown language, said otherwise.)
    unknown = [problem for problem in problems if problem.code in ("field_unknown", "field_unknown_suggest")]
    found = sorted((problem.path.name, problem.params["field"], problem.params["allowed"]) for problem in unknown)
    files = {"languages.yml": schema.LANGUAGES_FILE, "channels.yml": schema.CHANNELS_FILE,
             "units.yml": schema.UNITS_FILE, "topics.yml": schema.TOPICS_FILE, "product.yml": PRODUCT,
             "original": VERSION, "translation": VERSION, "targets.yml": TARGETS, "hub.yml": schema.HUB}
    expected = sorted((file, field, ", ".join(keys)) for name, format in files.items()
                      for file in [{"original": "index.vi.md", "translation": "index.en.md"}.get(name, name)]
                      for field, keys in _mappings(format, docs[name]))
    assert found == expected


def _mappings(format: Format, node: dict, prefix: str = ""):
    """(the unknown key as messages name it, the keys allowed there) for each mapping of a document."""
    yield f"{prefix}{UNKNOWN}", format.keys
    for field in format.fields:
        value = node.get(field.name)
        if field.format is None or value is None:
            continue
        if field.kind == schema.MAPPING:
            yield from _mappings(field.format, value, f"{prefix}{field.name}.")
            continue
        for index, item in enumerate(value):
            # A registry's entries are named from their own keys (`name`, not `languages[1].name`).
            inner = "" if format.name in schema.REGISTRY_FILES else f"{prefix}{field.name}[{index + 1}]."
            yield from _mappings(field.format, item, inner)


def test_every_field_is_described_in_vietnamese_and_english():
    for format in FORMATS.values():
        for field in format.fields:
            keys = [format.description_key(field)]
            if field.example == TRANSLATED:
                keys.append(format.example_key(field))
            keys += [field.vocabulary.label_key(value) for value in field.values]
            for lang in ("vi", "en"):
                messages = Messages(lang)
                for key in keys:
                    assert messages.language_of(key) == lang, (lang, key)
                    assert unicodedata.is_normalized("NFC", messages(key)), key
            assert field.required in (True, False) or Messages("vi").has(f"schema.required.{field.required}")


def test_the_schema_takes_its_values_from_the_model():
    from commhub.content import model

    assert PRODUCT["type"].values == model.PRODUCT_TYPES and PRODUCT["status"].values == model.STATUSES
    assert schema.MEDIA["kind"].values == model.MEDIA_KINDS
    assert schema.TRANSLATION["method"].values == model.TRANSLATION_METHODS
    assert schema.LANGUAGE["group"].values == model.LANGUAGE_GROUPS
    assert schema.CHANNEL["group"].values == model.CHANNEL_GROUPS
    assert "group" not in schema.UNIT and "group" not in schema.TOPIC


def test_contributing_tables_are_the_schemas():
    """Run `python scripts/schema_docs.py` after changing the schema or its descriptions."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert update_tables(text) == text, "CONTRIBUTING.md's tables differ from the schema: run scripts/schema_docs.py"
    blocks = re.findall(r"<!-- commhub:schema (.*) (vi|en) -->", text)
    for lang in ("vi", "en"):
        described = {name for names, block_lang in blocks if block_lang == lang for name in names.split()}
        assert described == set(FILES), lang


def test_tables_are_written_between_their_markers():
    stale = "a\n<!-- commhub:schema units.yml en -->\n| old |\n<!-- /commhub:schema -->\nb\n"
    assert update_tables(stale) == f"a\n{schema_block(['units.yml'], 'en')}\nb\n"
    assert "| `id` | yes | an id: lower-case a–z, digits, hyphens | the id, used in `product.yml` | `so-tu-phap` |" \
        in update_tables(stale)
    assert "| `group` | có (chỉ ở `channels.yml`) |" in schema_block(["channels.yml", "units.yml"], "vi")
    with pytest.raises(SchemaDocsError):
        update_tables("<!-- commhub:schema product.yaml vi -->\n<!-- /commhub:schema -->")


def test_a_new_hubs_contributing_has_the_tables():
    spec = make_spec("Hub", "vi,en", None, None, None, "commhub==0.1.0")
    text = hub_files(spec, dt.date(2025, 1, 1))["CONTRIBUTING.md"]
    assert update_tables(text) == text
    for lang in ("vi", "en"):
        for name in ("product.yml", "index.<lang>.md"):
            assert schema_block([name], lang) in text
    assert ", ".join(PRODUCT.keys) in text


def test_new_writes_the_schemas_fields_in_its_order(tmp_path):
    Corpus(tmp_path)
    product_file, original, _transcript = new_product(tmp_path / "content", "Quyền trẻ em", "video", "vi")
    product = yaml.safe_load(product_file.read_text(encoding="utf-8"))
    assert list(product) == list(PRODUCT.required)
    commented = yaml.safe_load("\n".join(line.removeprefix("# ") for line in product_file.read_text(
        encoding="utf-8").splitlines() if line.startswith("# ") and not line.startswith("# Tạo") and ":" in line
        and not line.startswith("# Ảnh")))
    assert set(commented) == {field.name for field in PRODUCT.fields if field.in_skeleton}
    assert list(commented["media"][0]) == list(schema.MEDIA.keys)
    front = yaml.safe_load(original.read_text(encoding="utf-8").split("---")[1])
    assert list(front) == list(VERSION.required)
    translated = new_translation(tmp_path / "content", "quyen-tre-em", "en")
    front = yaml.safe_load(translated.read_text(encoding="utf-8").split("---")[1])
    assert list(front) == [*VERSION.required, "translation"]
    assert list(front["translation"]) == [*schema.TRANSLATION.required, "source_sha"]  # always recorded here
    assert "  # translator: " in translated.read_text(encoding="utf-8")
