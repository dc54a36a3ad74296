"""Languages are one line: `commhub language add|remove CODE`, and `commhub check` naming the
command for content in a language languages.yml does not declare (the build refusing the same)."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from mkdocs.exceptions import Abort, PluginError

from commhub.checks.checker import check_content
from commhub.cli.main import main
from commhub.content.yamledit import YamlText, value_of
from commhub.content.yamlio import YamlError
from commhub.i18n.messages import Messages
from commhub.scaffold.init import example_png
from helpers import Corpus, build_site, standard_corpus

LANGUAGES_YML = """\
# The hub's languages (this comment stays).
languages:
  - code: vi   # the default
    name: Tiếng Việt
    group: national
    default: true
  # Khmer, for the southern districts
  - code: km
    name: ភាសាខ្មែរ
    group: ethnic_minority
  - code: hmn
    name: Hmoob
    group: ethnic_minority
    ui_fallback: vi

  - code: en
    name: English
    group: foreign
# end of the list
"""
LANGUAGES_WITHOUT_KM = LANGUAGES_YML.replace(
    "  # Khmer, for the southern districts\n  - code: km\n    name: ភាសាខ្មែរ\n    group: ethnic_minority\n", "")
TARGETS_YML = """\
# The plan (this comment stays).
plan: {name: Kế hoạch thử}
period: {from: 2023-01-01, to: 2025-12-31}
count: versions
targets:
  - id: minorities
    label: {vi: Dân tộc thiểu số, km: ជនជាតិភាគតិច, en: Minorities}
    any:
      - language_group: ethnic_minority
    share: {min: 0.15}
  - id: khmer
    label:
      vi: Tiếng Khmer
      km: ខ្មែរ
    any: [{language: km}]
    count: {min: 1}
  - id: khmer-or-english
    label: {vi: Khmer hoặc Anh}
    any:
      - language: [km, en]
      - {language: km, channel: website}
    count: {min: 1}
"""
TARGETS_WITHOUT_KM = """\
# The plan (this comment stays).
plan: {name: Kế hoạch thử}
period: {from: 2023-01-01, to: 2025-12-31}
count: versions
targets:
  - id: minorities
    label: {vi: Dân tộc thiểu số, en: Minorities}
    any:
      - language_group: ethnic_minority
    share: {min: 0.15}
  - id: khmer-or-english
    label: {vi: Khmer hoặc Anh}
    any:
      - language: [en]
    count: {min: 1}
"""
HUB_YML = "# The site (written by hand).\nname:\n  vi: Trang thử\n  km: ទំព័រសាកល្បង\n  en: Test hub\n"


def language(root: Path, *args: str) -> tuple[int, str, str]:
    """`commhub language …` run from the hub's root, as an editor does."""
    cwd = Path.cwd()
    try:
        os.chdir(root)
        result = CliRunner().invoke(main, ["language", *args])
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def files(root: Path) -> dict[str, bytes]:
    """Every file of the hub (not its built site or caches), by path."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file() and not {"site", ".commhub-cache"} & set(path.relative_to(root).parts)}


def errors_of(root: Path) -> list[str]:
    _, problems = check_content(root / "content")
    messages = Messages("en")
    return [problem.render(messages, root) for problem in problems.errors]


@pytest.fixture
def hub(tmp_path) -> Corpus:
    """Products translated into Khmer and one written in Khmer, with Khmer pages, interface strings,
    names, image descriptions, targets and a hub.yml: all of it to go with `remove km`."""
    corpus = standard_corpus(tmp_path / "hub")
    corpus.write("languages.yml", LANGUAGES_YML)
    corpus.write("targets.yml", TARGETS_YML)
    corpus.write("hub.yml", HUB_YML)
    (corpus.content / "products" / "tro-giup-phap-ly" / "anh.png").write_bytes(example_png())
    corpus.product("tro-giup-phap-ly", type="leaflet", published="2024-05-06", media=[
        {"file": "anh.png", "kind": "image", "alt": {"vi": "Ảnh", "en": "Picture", "km": "រូបភាព"}}])
    docs = corpus.root / "docs"
    (docs / "about.km.md").write_text("---\ntitle: អំពី\n---\n\nអំពី។\n", encoding="utf-8")
    (docs / "index.km.md").write_text("---\ntitle: ទំព័រដើម\n---\n\nសួស្តី។\n", encoding="utf-8")
    (corpus.root / "locales").mkdir()
    (corpus.root / "locales" / "km.yml").write_text("ui:\n  nav:\n    home: ទំព័រដើម\n", encoding="utf-8")
    assert errors_of(corpus.root) == []
    return corpus


def test_remove_takes_everything_in_the_language_out_and_the_hub_checks_and_builds(hub):
    root = hub.root
    code, out, err = language(root, "remove", "km")
    assert (code, err) == (0, ""), err
    assert out.splitlines()[0] == "Đã xóa ngôn ngữ 'km':"
    assert "content/products/bau-cu/ (cùng các phiên bản vi)" in out  # its original was in Khmer
    assert not [name for name in files(root) if ".km." in name or name.startswith("locales/km")]
    assert not (root / "content" / "products" / "bau-cu").exists()
    assert not (root / "locales").exists()  # emptied by the removal
    # YAML files keep their comments and layout: only the Khmer entries are gone.
    assert (hub.content / "languages.yml").read_text(encoding="utf-8") == LANGUAGES_WITHOUT_KM
    assert (hub.content / "targets.yml").read_text(encoding="utf-8") == TARGETS_WITHOUT_KM
    assert (hub.content / "hub.yml").read_text(encoding="utf-8") == HUB_YML.replace("  km: ទំព័រសាកល្បង\n", "")
    topics = yaml.safe_load((hub.content / "topics.yml").read_text(encoding="utf-8"))["topics"]
    assert [topic["name"] for topic in topics] == [{"vi": "Trợ giúp pháp lý", "en": "Legal aid"},
                                                   {"vi": "Quyền trẻ em", "en": "Children's rights"}]
    product = yaml.safe_load((hub.content / "products/tro-giup-phap-ly/product.yml").read_text(encoding="utf-8"))
    assert product["media"][0]["alt"] == {"vi": "Ảnh", "en": "Picture"}
    assert errors_of(root) == []
    site = build_site(root, strict=True)
    assert not (site / "km").exists() and (site / "en" / "index.html").is_file()


def test_archive_moves_the_files_and_copying_them_back_restores_the_hub(hub, tmp_path):
    root, archive = hub.root, tmp_path / "archive"
    before = files(root)
    code, out, err = language(root, "remove", "km", "--archive", str(archive), "--lang", "en")
    assert (code, err) == (0, ""), err
    kept = files(archive)
    # Each file that went is in the archive at its place in the hub, as it was; so are the YAML
    # files as they were before their Khmer entries were taken out.
    for name in ("content/products/tro-giup-phap-ly/index.km.md", "content/products/bau-cu/index.km.md",
                 "content/products/bau-cu/index.vi.md", "content/products/bau-cu/product.yml",
                 "docs/about.km.md", "docs/index.km.md", "locales/km.yml", "content/languages.yml",
                 "content/topics.yml", "content/targets.yml", "content/hub.yml",
                 "content/products/tro-giup-phap-ly/product.yml"):
        assert kept[name] == before[name], name
    assert "To restore it all, copy the archive back into the hub" in out
    assert errors_of(root) == []
    shutil.copytree(archive, root, dirs_exist_ok=True)
    assert files(root) == before


def test_dry_run_lists_the_changes_and_changes_nothing(hub):
    before = files(hub.root)
    code, out, err = language(hub.root, "remove", "km", "--dry-run", "--lang", "en")
    assert (code, err) == (0, "")
    assert files(hub.root) == before
    lines = out.splitlines()
    assert lines[0] == "Nothing was changed (--dry-run). `commhub language remove km` would make these changes:"
    assert "Files to delete:" in lines and "  docs/about.km.md" in lines and "  locales/km.yml" in lines
    assert "  content/languages.yml:8: code: km" in lines
    assert "  content/targets.yml:11: id: khmer" in lines  # a target counting only Khmer goes whole
    assert "  content/topics.yml:6: km: ជំនួយផ្នែកច្បាប់" in lines


@pytest.mark.parametrize(("args", "expected"), [
    (("remove", "vi"), "'vi' is the site's default language, which cannot be removed. Make another language the "
                       "default first: move 'default: true' (languages.yml, line 6) to its entry, e.g. km's, then "
                       "run this command again."),
    (("remove", "kmm"), "'kmm' is not declared in languages.yml and nothing in the hub is in it — did you mean "
                        "'km'? Declared languages: vi, km, hmn, en."),
    (("remove", "../km"), "'../km' cannot be a language code: use letters, digits and hyphens, e.g. km or zh-Hant."),
    (("remove", "km", "--archive", "content/old"), "--archive: 'content/old' is inside 'content', which the site "
                                                   "reads. Choose a folder outside content/, docs/ and locales/, "
                                                   "e.g. --archive ../archive."),
])
def test_what_remove_refuses_without_changing_anything(hub, args, expected):
    before = files(hub.root)
    assert language(hub.root, *args, "--lang", "en") == (1, "", expected + "\n")
    assert files(hub.root) == before


def test_a_language_that_others_fall_back_to_is_not_removed(hub):
    hub.write("languages.yml", LANGUAGES_YML.replace("ui_fallback: vi", "ui_fallback: km"))
    before = files(hub.root)
    code, out, err = language(hub.root, "remove", "km")
    assert (code, out) == (1, "")
    assert err == ("'km' là ngôn ngữ giao diện dự phòng ('ui_fallback') của hmn trong languages.yml. Hãy chọn "
                   "ui_fallback khác cho các ngôn ngữ đó trước (hoặc xóa luôn chúng), rồi chạy lại lệnh này.\n")
    assert files(hub.root) == before


def test_files_that_cannot_be_read_and_names_only_in_the_language_refuse_the_removal(hub):
    hub.write("products/quyen-tre-em/product.yml", "type: [qa\noriginal_language: km\n")
    hub.write("units.yml", "units:\n  - id: so-tu-phap\n    name: {km: ក្រសួងយុត្តិធម៌}\n")
    before = files(hub.root)
    code, out, err = language(hub.root, "remove", "km", "--lang", "en")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "Nothing was changed: fix these problems first (`commhub check` shows them too).",
        "  content/products/quyen-tre-em/product.yml:2: YAML syntax error: did not find expected ',' or ']'. Check "
        "the indentation (spaces, not tabs), the colons and the quotes on this line or the line above.",
        "  content/units.yml:3: 'units[1].name' has a text only in 'km'. Write it in another language of the site "
        "too, then run the command again.",
    ]
    assert files(hub.root) == before


def test_links_to_pages_that_go_are_listed(hub):
    hub.version("quyen-tre-em", "vi", "Quyền trẻ em", body="Xem [bầu cử](../bau-cu/index.vi.md) và "
                "[bản Khmer](../tro-giup-phap-ly/index.km.md).\n\n[Giới thiệu](../../about.md)")
    code, out, _ = language(hub.root, "remove", "km", "--lang", "en")
    assert code == 0
    assert out.split("These lines still link to pages that are gone; edit them (`commhub check` reports them as "
                     "broken links):\n")[1].splitlines()[0] == "  content/products/quyen-tre-em/index.vi.md:6"


# --- add -----------------------------------------------------------------------------------------


@pytest.fixture
def new_hub(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init", "hub", "--name", "Trang thử", "--languages", "vi,km,en"])
    assert result.exit_code == 0, result.output
    return tmp_path / "hub"


def test_add_then_remove_leaves_the_hub_as_it_was(new_hub):
    before = files(new_hub)
    code, out, err = language(new_hub, "add", "ktv", "--name", "Cơ Tu", "--group", "ethnic_minority")
    assert (code, err) == (0, ""), err
    assert out.splitlines()[:2] == [
        "Đã khai báo 'ktv' trong content/languages.yml (dòng 20).",
        "Đã ghi locales/ktv.yml: các chuỗi giao diện của trang, tạm chép từ ngôn ngữ dự phòng cho tới khi được "
        "dịch; hãy dịch chúng."]
    text = (new_hub / "content" / "languages.yml").read_text(encoding="utf-8")
    assert text == before["content/languages.yml"].decode() + (
        "  - code: ktv\n    name: Cơ Tu\n    group: ethnic_minority\n    ui_fallback: vi\n")
    # The same interface file as `commhub init` writes for a language without a built-in interface.
    assert (new_hub / "locales" / "ktv.yml").read_text(encoding="utf-8").startswith(
        "# Giao diện trang web bằng Cơ Tu (ktv), tạo bằng `commhub init`.")
    assert errors_of(new_hub) == []
    build_site(new_hub, strict=True)
    shutil.rmtree(new_hub / "site")
    code, out, err = language(new_hub, "remove", "ktv")
    assert (code, err) == (0, ""), err
    assert files(new_hub) == before  # languages.yml byte for byte
    assert not (new_hub / "locales").exists()


def test_add_a_language_with_a_built_in_interface_and_a_private_use_code(new_hub):
    code, out, err = language(new_hub, "add", "fr", "--name", "Français", "--group", "foreign", "--lang", "en")
    assert (code, err) == (0, "")
    assert not (new_hub / "locales").exists()  # commhub speaks French already
    assert "Next: translate products (`commhub new --translate SLUG --lang fr`)" in out
    code, out, err = language(new_hub, "add", "qgt", "--name", "Giẻ Triêng", "--group", "ethnic_minority",
                              "--ui-fallback", "en", "--lang", "en")
    assert (code, err) == (0, "")
    assert "'qgt' is a private-use code (qaa–qtz)" in out
    assert (new_hub / "content" / "languages.yml").read_text(encoding="utf-8").endswith(
        "  - code: fr\n    name: Français\n    group: foreign\n"
        "  - code: qgt\n    name: Giẻ Triêng\n    group: ethnic_minority\n    ui_fallback: en\n")
    assert errors_of(new_hub) == []


@pytest.mark.parametrize(("args", "expected"), [
    (("xyz", "--name", "X", "--group", "foreign"), "'xyz' is not a registered language code (BCP 47 / ISO 639-3)."),
    (("vie", "--name", "Tiếng Việt", "--group", "national"), "the code 'vie' has a shorter form: write 'vi'"),
    (("Km", "--name", "X", "--group", "foreign"), "'Km' is not a BCP 47 language code"),
    (("km", "--name", "ខ្មែរ", "--group", "ethnic_minority"), "'km' is already declared in languages.yml (line 14)."),
    (("ktv", "--group", "ethnic_minority"), "give the language's name with --name"),
    (("ktv", "--name", "Cơ Tu"), "give the language's group with --group: one of national, ethnic_minority, foreign."),
    (("ktv", "--name", "Cơ Tu", "--group", "minority"), "--group: 'minority' is not a language group"),
    (("ktv", "--name", "Cơ Tu", "--group", "ethnic_minority", "--ui-fallback", "kmm"),
     "--ui-fallback: 'kmm' is not another language declared in languages.yml — did you mean 'km'?"),
])
def test_what_add_refuses_without_writing_anything(new_hub, args, expected):
    before = files(new_hub)
    code, out, err = language(new_hub, "add", *args, "--lang", "en")
    assert (code, out) == (1, "")
    assert err.startswith(expected), err
    assert files(new_hub) == before


# --- check: content in an undeclared language names the command --------------------------------


def _version(corpus: Corpus) -> str:
    corpus.version("mot", "de", "Eins", translation={"of": "vi", "method": "human", "reviewed": True})
    return "content/products/mot/index.de.md: 'index.de.md': 'de' is not a language declared"


def _original(corpus: Corpus) -> str:
    corpus.product("zwei", original_language="de")
    corpus.version("zwei", "de", "Zwei")
    return "content/products/zwei/product.yml:8: 'original_language': 'de' is not a language declared"


def _docs(corpus: Corpus) -> str:
    (corpus.root / "docs" / "about.de.md").write_text("---\ntitle: Über\n---\n\nÜber uns.\n", encoding="utf-8")
    return "docs/about.de.md: 'about.de.md': 'de' is not a language declared"


def _locale(corpus: Corpus) -> str:
    (corpus.root / "locales").mkdir()
    (corpus.root / "locales" / "de.yml").write_text("ui:\n  nav:\n    home: Start\n", encoding="utf-8")
    return "locales/de.yml: 'de' is not a language declared"


def _registry(corpus: Corpus) -> str:
    corpus.write("units.yml", "units:\n  - id: so-tu-phap\n    name:\n      vi: Sở Tư pháp\n      de: Justizamt\n")
    return "content/units.yml:5: 'name.de': 'de' is not a language declared"


def _label(corpus: Corpus) -> str:
    corpus.write("targets.yml", TARGET_WITH_GERMAN)
    return "content/targets.yml:8: 'targets[1].label.de': 'de' is not a language declared"


def _condition(corpus: Corpus) -> str:
    corpus.write("targets.yml", TARGET_WITH_GERMAN.replace("de: Deutsch", "en: German").replace(
        "language: en", "language: [en, de]"))
    return "content/targets.yml:10: 'targets[1].any[1].language': 'de' is not a language declared"


TARGET_WITH_GERMAN = textwrap.dedent("""\
    plan: {name: Kế hoạch}
    period: {from: 2024-01-01, to: 2024-12-31}
    count: versions
    targets:
      - id: foreign
        label:
          vi: Tiếng nước ngoài
          de: Deutsch
        any:
          - language: en
        count: {min: 1}
    """)


@pytest.mark.parametrize("kind", [_version, _original, _docs, _locale, _registry, _label, _condition])
def test_check_and_build_name_the_command_and_the_command_clears_it(tmp_path, kind):
    corpus = Corpus(tmp_path / "hub")
    corpus.product("mot")
    corpus.version("mot", "vi", "Một")
    where = kind(corpus)
    errors = errors_of(corpus.root)
    assert [error for error in errors if error.startswith(where)], errors
    for error in errors:  # (a product written in German has its file in German too)
        assert "(`commhub language add de --name … --group …`), or remove everything in it: `commhub language " \
               "remove de` (with `--archive DIR` the files are moved into DIR instead of deleted)." in error
    with pytest.raises(Abort) as raised:  # the build refuses the same, with the same message
        build_site(corpus.root)
    error = raised.value.__context__
    assert isinstance(error, PluginError)
    [line] = [line for line in str(error).splitlines() if line.startswith(where.split(": ")[0] + ":")]
    assert "`commhub language remove de`" in line
    code, out, err = language(corpus.root, "remove", "de", "--lang", "en")
    assert (code, err) == (0, ""), err
    assert "('de' was not declared in languages.yml: only the content in it goes.)" in out
    assert errors_of(corpus.root) == []


# --- editing YAML in its text ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "edit", "expected"), [
    ("a: {vi: A, km: B, en: C}\n", lambda t: t.remove_entries(value_of(t.root, "a"), {"km"}), "a: {vi: A, en: C}\n"),
    ("a: {vi: A, km: B}\n", lambda t: t.remove_entries(value_of(t.root, "a"), {"km"}), "a: {vi: A}\n"),
    ("a: [km, x, km, km]\n", lambda t: t.remove_items(value_of(t.root, "a"), [0, 2, 3]), "a: [x]\n"),
    ("a:\n  # Vietnamese\n  vi: A\n\n  # Khmer\n  km: B\n\n  en: C\n",
     lambda t: t.remove_entries(value_of(t.root, "a"), {"km"}), "a:\n  # Vietnamese\n  vi: A\n\n  en: C\n"),
    ("a:\n  - code: km\n    name: K\n  - code: vi\n", lambda t: t.remove_items(value_of(t.root, "a"), [0]),
     "a:\n  - code: vi\n"),
    ("a:\n  - code: vi\n  - code: km\n    text: |\n      one\n      two\n\n# end", lambda t: t.remove_items(
        value_of(t.root, "a"), [1]), "a:\n  - code: vi\n\n# end"),
    ("a:\n  - vi: x\n  - code: km", lambda t: t.remove_items(value_of(t.root, "a"), [1]), "a:\n  - vi: x"),
    ("a:\n  - km: K\n    vi: V\n", lambda t: t.remove_entries(value_of(t.root, "a").value[0], {"km"}),
     "a:\n  - vi: V\n"),
    ("a:\r\n  vi: A\r\n  km: B\r\n", lambda t: t.remove_entries(value_of(t.root, "a"), {"km"}), "a:\r\n  vi: A\r\n"),
])
def test_yaml_edits_keep_everything_else_as_written(text, edit, expected):
    document = YamlText(text)
    edit(document)
    assert document.result() == expected


def test_yaml_that_commhub_refuses_is_not_edited():
    with pytest.raises(YamlError):
        YamlText("a: &x [1]\nb: *x\n")
    with pytest.raises(YamlError) as raised:
        YamlText("a: [1\nb: 2\n")
    assert raised.value.line == 2


def test_remove_edits_products_whose_fields_are_in_front_matter(hub):
    """After `commhub admin migrate` (the browser editor's form), `remove km` still takes the Khmer
    image description out of the Vietnamese version's front matter, and a Khmer-written product whole."""
    from commhub.scaffold.migrate import run_migrate

    root = hub.root
    run_migrate(root / "content", "en", lambda line: None)
    original = root / "content/products/tro-giup-phap-ly/index.vi.md"
    assert "km: រូបភាព" in original.read_text(encoding="utf-8")
    body = original.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    code, out, _ = language(root, "remove", "km", "--lang", "en")
    assert code == 0, out
    text = original.read_text(encoding="utf-8")
    assert "km:" not in text and "vi: Ảnh" in text and "en: Picture" in text
    assert text.split("\n---\n", 1)[1] == body  # the body untouched
    assert not (root / "content/products/tro-giup-phap-ly/index.km.md").exists()
    assert not (root / "content/products/bau-cu").exists()  # written in Khmer: goes whole
    assert errors_of(root) == []
