"""`commhub check` = the build: a hub mutated in many ways (mkdocs.yml, docs/, registries, targets,
the hub's locales, products) is refused by `commhub check` exactly when `build --strict` refuses it,
and nothing the build refuses passes the check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, ConfigurationError

from commhub.checks.checker import check_hub
from commhub.checks.scope import sorted_problems
from commhub.i18n.messages import Messages
from helpers import build_site, standard_corpus

MESSAGES = Messages("en")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hub")
    corpus = standard_corpus(root)
    corpus.write("targets.yml", """\
plan:
  name: Kế hoạch 2024
period: {from: 2024-01-01, to: 2024-12-31}
count: versions
targets:
  - id: minority-foreign-digital
    label:
      vi: "Dân tộc thiểu số, nước ngoài hoặc số"
    any:
      - language_group: ethnic_minority
      - language_group: foreign
      - channel_group: digital
    share: {min: 0.15, max: 0.20}
""")
    (root / "locales").mkdir()
    (root / "locales" / "hmn.yml").write_text("ui:\n  nav:\n    home: Tsev\n", encoding="utf-8")
    return root


def check_errors(root: Path) -> list[str]:
    """The errors of `commhub check` (as it runs from the hub's folder), as it prints them."""
    return [problem.render(MESSAGES, root) for problem in sorted_problems(check_hub(root / "content").errors)]


def strict_build_fails(root: Path) -> bool:
    try:
        build_site(root, strict=True)
    except (Abort, ConfigurationError):
        return True
    return False


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# Each mutation, and whether the hub is then broken (both must refuse it) or still fine.
MUTATIONS = {
    "theme not Material": (True, lambda r: edit(r / "mkdocs.yml", "name: material", "name: mkdocs")),
    "a foreign Markdown extension": (True, lambda r: append(r / "mkdocs.yml", "markdown_extensions:\n  - footnotes\n")),
    "commhub's extension reconfigured": (True, lambda r: append(
        r / "mkdocs.yml", "markdown_extensions:\n  - toc:\n      permalink: true\n")),
    "a plugin option of the wrong type": (True, lambda r: edit(
        r / "mkdocs.yml", "  - commhub\n", "  - commhub:\n      jobs: two\n")),
    "a misspelt plugin option": (True, lambda r: edit(
        r / "mkdocs.yml", "  - commhub\n", "  - commhub:\n      contnet_dir: content\n")),
    "messages_language not vi or en": (True, lambda r: edit(
        r / "mkdocs.yml", "  - commhub\n", "  - commhub:\n      messages_language: fr\n")),
    "site_url from the environment": (False, lambda r: append(r / "mkdocs.yml", "site_url: !ENV [SITE_URL, 'https://x.example/']\n")),
    "docs page in an undeclared language": (True, lambda r: (r / "docs" / "about.fr.md").write_text(
        "---\ntitle: À propos\n---\n\nTexte.\n", encoding="utf-8")),
    "docs page with a broken link": (True, lambda r: append(r / "docs" / "about.md", "\n[x](missing.md)\n")),
    "docs page with a script": (True, lambda r: append(r / "docs" / "about.md", "\n<script>alert(1)</script>\n")),
    "docs page named like a product page": (True, lambda r: (r / "docs" / "products.md").write_text(
        "---\ntitle: X\n---\n\nX.\n", encoding="utf-8")),
    "docs folder": (True, lambda r: ((r / "docs" / "sub").mkdir(), (r / "docs" / "sub" / "a.md").write_text(
        "A\n", encoding="utf-8"))),
    "docs page with broken front matter": (True, lambda r: (r / "docs" / "about.md").write_text(
        "---\ntitle: [x\n---\n\nX.\n", encoding="utf-8")),
    "targets.yml naming an undeclared group": (True, lambda r: edit(
        r / "content" / "targets.yml", "language_group: foreign", "language_group: alien")),
    "targets.yml with a share above 1": (True, lambda r: edit(
        r / "content" / "targets.yml", "min: 0.15", "min: 15")),
    "hub locale with an unknown key": (True, lambda r: append(r / "locales" / "hmn.yml", "  nav_typo: x\n")),
    "hub locale of an undeclared language": (True, lambda r: (r / "locales" / "fr.yml").write_text(
        "ui:\n  nav:\n    home: Accueil\n", encoding="utf-8")),
    "hub locale with a placeholder commhub does not fill": (True, lambda r: edit(
        r / "locales" / "hmn.yml", "home: Tsev", "home: Tsev {who}")),
    "unit name in an undeclared language": (True, lambda r: edit(
        r / "content" / "units.yml", "en: Department of Justice", "fr: Département de la justice")),
    "topic name not NFC": (True, lambda r: edit(
        r / "content" / "topics.yml", "Trợ giúp pháp lý", "Tro\u031b\u0323 giúp pháp lý")),
    "a second default language": (True, lambda r: edit(
        r / "content" / "languages.yml", "group: foreign\n", "group: foreign\n  default: true\n")),
    "an unregistered language code": (True, lambda r: edit(r / "content" / "languages.yml", "code: hmn", "code: qqx")),
    "a product of an unknown type": (True, lambda r: edit(
        r / "content" / "products" / "tro-giup-phap-ly" / "product.yml", "type: leaflet", "type: leaflets")),
    "a link to a draft product": (True, lambda r: append(
        r / "content" / "products" / "tro-giup-phap-ly" / "index.vi.md", "\n[x](../ban-nhap/index.vi.md)\n")),
    "an image from another host": (True, lambda r: append(
        r / "content" / "products" / "tro-giup-phap-ly" / "index.vi.md", "\n![x](https://example.com/a.png)\n")),
    "a translation gone out of date": (False, lambda r: append(
        r / "content" / "products" / "tro-giup-phap-ly" / "index.vi.md", "\nThêm một câu.\n")),
    "an unlisted file in a product": (False, lambda r: (r / "content" / "products" / "tro-giup-phap-ly" / "ghi-chu.pdf")
                                      .write_bytes(b"%PDF-1.4\n%%EOF\n")),
    "nothing changed": (False, lambda r: None),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_check_refuses_exactly_what_the_strict_build_refuses(template, tmp_path, name):
    broken, mutate = MUTATIONS[name]
    root = tmp_path / "hub"
    shutil.copytree(template, root)
    mutate(root)
    errors = check_errors(root)
    assert bool(errors) == broken, errors
    assert strict_build_fails(root) == broken


def test_the_check_reads_mkdocs_yml_with_its_line_and_the_closest_option(template, tmp_path):
    root = tmp_path / "hub"
    shutil.copytree(template, root)
    edit(root / "mkdocs.yml", "  - commhub\n", "  - commhub:\n      contnet_dir: content\n")
    [line] = check_errors(root)
    number = next(index for index, text in enumerate((root / "mkdocs.yml").read_text().splitlines(), 1)
                  if "contnet_dir" in text)
    assert line.startswith(f"mkdocs.yml:{number}: ") and "contnet_dir" in line and "content_dir" in line


def test_the_check_follows_the_docs_dir_mkdocs_yml_sets(template, tmp_path):
    root = tmp_path / "hub"
    shutil.copytree(template, root)
    (root / "docs").rename(root / "pages")
    append(root / "mkdocs.yml", "docs_dir: pages\n")
    assert check_errors(root) == [] and not strict_build_fails(root)
    append(root / "pages" / "about.md", "\n[x](missing.md)\n")
    [line] = check_errors(root)
    assert line.startswith("pages/about.md:")
    assert strict_build_fails(root)


def test_every_plugin_option_is_declared_once_for_the_check_and_the_build():
    from commhub.mkdocs.plugin import CommhubConfig
    from commhub.site.options import OPTIONS

    config = CommhubConfig()
    config.load_dict({})
    failed, warnings = config.validate()
    assert (failed, warnings) == ([], [])
    assert dict(config) == {option.name: option.default for option in OPTIONS}
