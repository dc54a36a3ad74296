"""A hub owns its words: `locales/<lang>.yml` beside content/ overrides or adds interface strings
per language, and `commhub check` judges those files as it judges content."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from commhub.checks.checker import check_content
from commhub.i18n.messages import Messages, catalogue
from helpers import LANGUAGES, Corpus, build_site

# Cơ Tu (ktv) has no catalogue of commhub's; its strings fall back to Vietnamese. The test strings
# are marked as such: they are not Cơ Tu.
HUB_LANGUAGES = [*LANGUAGES, {"code": "ktv", "name": "Cơ Tu", "group": "ethnic_minority", "ui_fallback": "vi"}]


@pytest.fixture
def hub(tmp_path):
    corpus = Corpus(tmp_path)
    corpus.write_yaml("languages.yml", {"languages": HUB_LANGUAGES})
    corpus.product("video-quyen-tre-em")
    corpus.version("video-quyen-tre-em", "vi", "Quyền trẻ em",
                   body="[Quyền trẻ em](https://www.youtube.com/watch?v=abcdefgh)")
    corpus.version("video-quyen-tre-em", "ktv", "Quyền trẻ em (ktv)",
                   body="[Quyền trẻ em](https://www.youtube.com/watch?v=abcdefgh)",
                   translation={"of": "vi", "method": "human", "reviewed": True})
    return corpus


def write_locale(corpus: Corpus, lang: str, text: str):
    path = corpus.root / "locales" / f"{lang}.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_hubs_strings_replace_and_add_per_language(hub):
    write_locale(hub, "ktv", """\
        ui:
          nav:
            home: "[ktv] Trang đầu"
          video_card:
            label: "[ktv] Xem trên {platform}: {title}"
        """)
    write_locale(hub, "en", """\
        ui:
          nav:
            home: Start
        """)
    site = build_site(hub.root, strict=True)  # an untranslated string is no reason to fail
    ktv = (site / "ktv" / "products" / "video-quyen-tre-em" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ktv"' in ktv
    assert "[ktv] Trang đầu" in ktv
    assert "[ktv] Xem trên" in ktv  # the video card speaks the text's language, from the hub's file
    assert catalogue("vi")["ui.nav.catalogue"] in ktv  # the rest falls back to Vietnamese
    english = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<span class="md-ellipsis">Start</span>' in english  # the menu's home link
    assert f'<span class="md-ellipsis">{catalogue("en")["ui.nav.home"]}</span>' not in english
    vietnamese = (site / "index.html").read_text(encoding="utf-8")
    assert catalogue("vi")["ui.nav.home"] in vietnamese and "[ktv]" not in vietnamese


def test_messages_look_in_the_hubs_catalogue_of_each_language_first():
    hub = {"ktv": {"ui.nav.home": "K"}, "vi": {"ui.nav.topics": "V"}}
    messages = Messages("ktv", ("vi",), hub)
    assert messages("ui.nav.home") == "K" and messages.language_of("ui.nav.home") == "ktv"
    assert messages("ui.nav.topics") == "V" and messages.language_of("ui.nav.topics") == "vi"
    assert messages("ui.nav.about") == catalogue("vi")["ui.nav.about"]
    assert Messages("vi")("ui.nav.topics") == catalogue("vi")["ui.nav.topics"]  # without the hub: commhub's


def problems_of(corpus: Corpus):
    problems = check_content(corpus.content)[1]
    return [(problem.severity, problem.path.name, problem.line, problem.code, problem.params) for problem in problems]


def test_the_check_judges_the_hubs_strings(hub):
    path = write_locale(hub, "ktv", """\
        ui:
          nav:
            hom: "[ktv] Trang đầu"
            about: "[ktv] Giới thiệu {site}"
          video_card:
            label: "[ktv] {platform}: {title}"
        """)
    write_locale(hub, "xx", "ui:\n  nav:\n    home: X\n")
    found = problems_of(hub)
    errors = [(name, line, code) for severity, name, line, code, _ in found if severity == "error"]
    assert errors == [("ktv.yml", 3, "locale_key_unknown_suggest"), ("ktv.yml", 4, "locale_placeholder_unknown"),
                      ("xx.yml", 0, "locale_language_unknown")]
    suggestion = next(params for *_, code, params in found if code == "locale_key_unknown_suggest")
    assert suggestion["suggestion"] == "ui.nav.home"
    [(_, name, _, _, params)] = [item for item in found if item[3] == "locale_untranslated"]
    assert name == "ktv.yml" and params["lang"] == "ktv"
    total = sum(1 for key in catalogue("en") if key.startswith("ui."))
    assert params["total"] == total and params["count"] == total - 1  # the video card's label is translated
    rendered = check_content(hub.content)[1].errors[0].render(Messages("vi"), hub.root)
    assert rendered.startswith(f"{path.relative_to(hub.root)}:3: ") and "ui.nav.home" in rendered


def test_a_language_without_strings_of_its_own_is_listed_as_untranslated(hub):
    [(severity, name, code)] = [(severity, name, code) for severity, name, _, code, _ in problems_of(hub)]
    assert (severity, name, code) == ("warning", "ktv.yml", "locale_untranslated")


def test_yaml_aliases_are_refused_in_the_hubs_strings(hub):
    write_locale(hub, "en", "a: &a [x, x, x]\nui:\n  nav:\n    home: *a\n")
    codes = [code for _, name, _, code, _ in problems_of(hub) if name == "en.yml"]
    assert codes == ["yaml_syntax"]


def test_the_untranslated_files_commhub_init_writes_are_accepted(hub):
    fallback = {key: text for key, text in catalogue("vi").items() if key.startswith("ui.")}
    nested: dict = {}
    for key, text in fallback.items():
        node = nested
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = text
    write_locale(hub, "ktv", yaml.safe_dump(nested, allow_unicode=True))
    found = problems_of(hub)
    assert [code for severity, *_, code, _ in found if severity == "error"] == []
    [params] = [params for *_, code, params in found if code == "locale_untranslated"]
    assert params["count"] == params["total"]  # copies of the fallback are not translations
