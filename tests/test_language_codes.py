"""Language codes are checked against the IANA Language Subtag Registry (BCP 47 / ISO 639-3)."""

from __future__ import annotations

import pytest

from commhub.checks.checker import check_content
from commhub.i18n.messages import Messages
from helpers import LANGUAGES, Corpus


def languages_problems(tmp_path, code: str):
    corpus = Corpus(tmp_path)
    corpus.write_yaml("languages.yml", {"languages": [*LANGUAGES, {"code": code, "name": "Thử", "group":
                                                                   "ethnic_minority", "ui_fallback": "vi"}]})
    content, problems = check_content(corpus.content)
    return content, [problem for problem in problems if problem.path.name == "languages.yml"]


@pytest.mark.parametrize("code", ["ktv", "sed", "cjm", "rad", "jra", "bdq", "zh-Hant", "km-KH"])
def test_registered_codes_are_accepted(tmp_path, code):
    content, problems = languages_problems(tmp_path, code)
    assert problems == [] and code in [language.code for language in content.languages]


def test_an_unregistered_code_is_refused_with_the_closest_codes(tmp_path):
    content, [problem] = languages_problems(tmp_path, "xyz")
    assert (problem.severity, problem.code, problem.line) == ("error", "language_code_unknown", 16)
    assert "xyz" not in [language.code for language in content.languages]
    message = problem.render(Messages("vi"))
    assert "'xyz' không phải mã ngôn ngữ đã đăng ký" in message and "qaa" in message
    assert problem.params["suggestions"] != "—"


def test_a_long_form_is_refused_with_the_short_one(tmp_path):
    _, [problem] = languages_problems(tmp_path, "vie")
    assert (problem.code, problem.params["suggestion"]) == ("language_code_not_standard", "vi")


def test_a_private_use_code_is_accepted_and_said_to_be_private(tmp_path):
    content, [problem] = languages_problems(tmp_path, "qgt")  # e.g. Giẻ Triêng, which has no code of its own
    assert (problem.severity, problem.code) == ("warning", "language_code_private")
    assert "qgt" in [language.code for language in content.languages]
