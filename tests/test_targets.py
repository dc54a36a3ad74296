"""`content/targets.yml`: a good plan loads exactly; each mistake gets its `path:line: message`."""

from __future__ import annotations

import datetime as dt
import textwrap
from fractions import Fraction

import pytest
from helpers import Corpus
from hubfactory import shared_hub

from commhub.content.loader import load_content
from commhub.i18n.messages import Messages
from commhub.content.targets import Condition, load_targets

GOOD = """\
plan:
  name: Kế hoạch thử
  reference: 81/KH-UBND, 06/5/2024
period: {from: 2024-01-01, to: 2024-12-31}
count: versions
targets:
  - id: minority-foreign-digital
    label: {vi: Thiểu số, en: Minority}
    any:
      - language_group: ethnic_minority
      - language_group: foreign
      - channel_group: digital
    share: {min: 0.15, max: 0.20}
  - id: khmer-on-the-web
    label: {vi: Tiếng Khmer}
    any:
      - language: km
        channel: [website, facebook]
    count: {min: 10}
"""


def check(tmp_path, text: str, lang: str = "en"):
    corpus = Corpus(tmp_path)
    path = corpus.write("targets.yml", textwrap.dedent(text))
    content, problems = load_content(corpus.content)
    assert problems.errors == []
    plan, problems = load_targets(path, content)
    return plan, [problem.render(Messages(lang), tmp_path) for problem in problems]


def test_good_plan(tmp_path):
    plan, problems = check(tmp_path, GOOD)
    assert problems == []
    assert (plan.name, plan.reference, plan.count) == ("Kế hoạch thử", "81/KH-UBND, 06/5/2024", "versions")
    assert (plan.start, plan.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    share, count = plan.targets
    assert (share.id, share.measure, share.min, share.max, share.line) == (
        "minority-foreign-digital", "share", Fraction(3, 20), Fraction(1, 5), 7)
    assert share.any == (
        Condition((("language_group", frozenset({"ethnic_minority"})),)),
        Condition((("language_group", frozenset({"foreign"})),)),
        Condition((("channel_group", frozenset({"digital"})),)),
    )
    assert share.label == {"vi": "Thiểu số", "en": "Minority"}
    assert (share.label_in("en"), share.label_in("km"), count.label_in("en")) == ("Minority", "Thiểu số", "Tiếng Khmer")
    assert (count.measure, count.min, count.max) == ("count", 10, None)
    assert count.any == (Condition((("language", frozenset({"km"})),
                                    ("channel", frozenset({"website", "facebook"})))),)


def test_a_hubs_plan_loads():
    """The plan of the tests' hub (hubfactory.py), written as a planning office would: comments, flow
    and block styles, labels in six languages."""
    content, _ = load_content(shared_hub() / "content")
    plan, problems = load_targets(shared_hub() / "content" / "targets.yml", content)
    assert problems == []
    assert (plan.start, plan.end, plan.count) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "versions")
    assert (plan.name, plan.reference) == ("Kế hoạch truyền thông thử nghiệm năm 2024", "12/KH-TEST, 02/01/2024")
    first = plan.targets[0]
    assert (first.id, first.min, first.max) == ("minority-foreign-digital", Fraction(15, 100), Fraction(20, 100))
    assert first.label_in("hmn").startswith("Cov khoom ua lus haiv neeg tsawg")
    assert [(t.id, t.measure, t.min) for t in plan.targets[1:]] == [("khmer-versions", "count", 5),
                                                                   ("legal-aid-products", "count", 3)]
    assert plan.targets[2].any == (Condition((("channel", frozenset({"website", "radio", "loudspeaker"})),
                                              ("topic", frozenset({"legal-aid"})))),)


ALLOWED_TARGET = "Allowed fields: id, label, any, share, count, count_by, translations, milestones."


@pytest.mark.parametrize("old, new, expected", [
    # unknown keys, with the closest one suggested
    ("count: versions", "count: versions\nperiode: 2024",
     ["content/targets.yml:6: unknown field 'periode' — did you mean 'period'? "
      "Allowed fields: plan, period, count, translations, targets."]),
    ("    share: {min: 0.15", "    shares: {min: 0.15",
     ["content/targets.yml:13: unknown field 'targets[1].shares' — did you mean 'share'? " + ALLOWED_TARGET,
      "content/targets.yml:7: target 'minority-foreign-digital' has no figure to reach: "
      "add 'share: {min: 0.15, max: 0.20}' or 'count: {min: 10}'."]),
    ("      - language: km", "      - langauge: km",
     ["content/targets.yml:17: unknown field 'targets[2].any[1].langauge' — did you mean 'language'? "
      "Allowed fields: language, language_group, channel, channel_group, type, unit, topic."]),
    ("{min: 0.15, max: 0.20}", "{min: 0.15, maximum: 0.20}",
     ["content/targets.yml:13: unknown field 'targets[1].share.maximum' — did you mean 'max'? "
      "Allowed fields: min, max."]),
    # unknown ids, for each kind of condition key
    ("      - language: km", "      - language: kmm",
     ["content/targets.yml:17: 'targets[2].any[1].language': 'kmm' is not a language declared in languages.yml — "
      "did you mean 'km'? (Declared: en, hmn, km, vi.) Otherwise declare it (`commhub language add kmm --name … "
      "--group …`), or remove everything in it: `commhub language remove kmm` (with `--archive DIR` the files are "
      "moved into DIR instead of deleted)."]),
    ("      - language: km", "      - language: [km, lo]",
     ["content/targets.yml:17: 'targets[2].any[1].language': 'lo' is not a language declared in languages.yml "
      "(declared: en, hmn, km, vi). Correct the code, declare the language (`commhub language add lo --name … "
      "--group …`), or remove everything in it: `commhub language remove lo` (with `--archive DIR` the files are "
      "moved into DIR instead of deleted)."]),
    ("[website, facebook]", "[website, facebok]",
     ["content/targets.yml:18: 'targets[2].any[1].channel': unknown channel 'facebok' — did you mean 'facebook'? "
      "Declared in channels.yml: facebook, print, radio, website."]),
    ("      - language_group: foreign", "      - language_group: foreign-language",
     ["content/targets.yml:11: 'targets[1].any[2].language_group': 'foreign-language' is not allowed — "
      "did you mean 'foreign'? Allowed values: national, ethnic_minority, foreign."]),
    ("      - channel_group: digital", "      - channel_group: online",
     ["content/targets.yml:12: 'targets[1].any[3].channel_group': 'online' is not allowed. "
      "Allowed values: digital, traditional."]),
    ("      - channel_group: digital", "      - type: artcle",
     ["content/targets.yml:12: 'targets[1].any[3].type': 'artcle' is not allowed — did you mean 'article'? "
      "Allowed values: article, news, infographic, video, audio, leaflet, poster, handbook, qa."]),
    ("      - channel_group: digital", "      - {unit: so-tu-phap, topic: legal_aid}",
     ["content/targets.yml:12: 'targets[1].any[3].topic': unknown topic 'legal_aid' — did you mean 'legal-aid'? "
      "Declared in topics.yml: childrens-rights, legal-aid."]),
    ("      - channel_group: digital", "      - unit: so-tu-phap-tinh",
     ["content/targets.yml:12: 'targets[1].any[3].unit': unknown unit 'so-tu-phap-tinh' — did you mean "
      "'so-tu-phap'? Declared in units.yml: hoi-lhpn, so-tu-phap."]),
    # min > max; shares outside 0–1; counts
    ("{min: 0.15, max: 0.20}", "{min: 0.20, max: 0.15}",
     ["content/targets.yml:13: 'targets[1].share': min (0.2) is greater than max (0.15)."]),
    ("{min: 0.15, max: 0.20}", "{min: 15, max: 20}",
     ["content/targets.yml:13: 'targets[1].share.min': 15 is not a share between 0 and 1; write 15% as 0.15.",
      "content/targets.yml:13: 'targets[1].share.max': 20 is not a share between 0 and 1; write 15% as 0.15."]),
    ("{min: 0.15, max: 0.20}", "{min: -0.1}",
     ["content/targets.yml:13: 'targets[1].share.min': -0.1 is not a share between 0 and 1; write 15% as 0.15."]),
    ("{min: 0.15, max: 0.20}", "{min: 15%}",
     ["content/targets.yml:13: 'targets[1].share.min' must be a number between 0 and 1, e.g. 0.15 for 15%, "
      "not '15%'."]),
    ("{min: 0.15, max: 0.20}", "{}",
     ["content/targets.yml:13: 'targets[1].share' needs 'min', 'max' or both, e.g. {min: 0.15, max: 0.20}."]),
    ("count: {min: 10}", "count: {min: 10, max: 20}",
     ["content/targets.yml:19: 'targets[2].count.max': a count target has only a minimum ('min'); "
      "for an upper limit use 'share' with 'max'."]),
    ("count: {min: 10}", "count: {min: 2.5}",
     ["content/targets.yml:19: 'targets[2].count.min' must be a whole number, 0 or more, not '2.5'."]),
    ("count: {min: 10}", "count: {min: 10}\n    share: {max: 0.5}",
     ["content/targets.yml:19: target 'khmer-on-the-web' has both 'share' and 'count'; a target has one of them. "
      "Make two targets."]),
    # missing keys and wrong values at the top
    ("count: versions\n", "",
     ["content/targets.yml:1: the required field 'count' is missing. Add it."]),
    ("  name: Kế hoạch thử\n", "",
     ["content/targets.yml:2: the required field 'plan.name' is missing. Add it."]),
    ("count: versions", "count: version",
     ["content/targets.yml:5: 'count': 'version' is not allowed. Allowed values: versions, products."]),
    ("    label: {vi: Tiếng Khmer}\n", "",
     ["content/targets.yml:14: the required field 'targets[2].label' is missing. Add it."]),
    ("    label: {vi: Tiếng Khmer}", "    label: {vi: Tiếng Khmer, kh: Khmer}",
     ["content/targets.yml:15: 'targets[2].label.kh': 'kh' is not a language declared in languages.yml "
      "(declared: en, hmn, km, vi). Correct the code, declare the language (`commhub language add kh --name … "
      "--group …`), or remove everything in it: `commhub language remove kh` (with `--archive DIR` the files are "
      "moved into DIR instead of deleted)."]),
    ("      - channel_group: digital", "      - {}",
     ["content/targets.yml:12: 'targets[1].any[3]' has no condition; write at least one, e.g. 'language: km'."]),
    ("  - id: khmer-on-the-web", "  - id: minority-foreign-digital",
     ["content/targets.yml:14: 'minority-foreign-digital' is declared a second time (first on line 7). "
      "Remove one of them."]),
    # bad dates
    ("from: 2024-01-01", "from: 01/01/2024",
     ["content/targets.yml:4: 'period.from': '01/01/2024' is written day/month/year; write it as 2024-01-01 "
      "(YYYY-MM-DD)."]),
    ("to: 2024-12-31", "to: 2024-12-32",
     ["content/targets.yml:4: 'period.to': '2024-12-32' is not a real date in the form YYYY-MM-DD "
      "(year-month-day), e.g. 2024-05-06."]),
    ("period: {from: 2024-01-01, to: 2024-12-31}", "period:\n  from: 2024-12-31\n  to: 2024-01-01",
     ["content/targets.yml:6: 'period': the start (2024-12-31) is after the end (2024-01-01). Swap the two dates."]),
])
def test_bad_plan(tmp_path, old, new, expected):
    assert old in GOOD
    plan, problems = check(tmp_path, GOOD.replace(old, new, 1))
    assert plan is None
    assert problems == expected


def test_messages_in_vietnamese(tmp_path):
    plan, problems = check(tmp_path, GOOD.replace("{min: 0.15, max: 0.20}", "{min: 0.3, max: 0.2}"), lang="vi")
    assert plan is None
    assert problems == ["content/targets.yml:13: 'targets[1].share': min (0.3) lớn hơn max (0.2)."]


def test_yaml_syntax_error_and_missing_file(tmp_path):
    plan, problems = check(tmp_path, GOOD.replace("count: versions", "count: [versions"))
    assert plan is None
    assert len(problems) == 1 and problems[0].startswith("content/targets.yml:6: YAML syntax error:")
    content, _ = load_content(tmp_path / "content")
    plan, problems = load_targets(tmp_path / "content" / "nothing.yml", content)
    assert plan is None
    assert [p.render(Messages("en"), tmp_path) for p in problems] == [
        "content/nothing.yml: this file is missing. Create it (see CONTRIBUTING.md)."]


def test_empty_targets_list_is_allowed(tmp_path):
    plan, problems = check(tmp_path, GOOD.split("targets:")[0] + "targets: []\n")
    assert problems == []
    assert plan.targets == ()


def test_commhub_check_judges_targets_yml_as_the_build_does(tmp_path, caplog):
    """`commhub check` = build: a mistake in targets.yml is reported by the check, and the build
    refuses it with the same line (before, only the build read targets.yml)."""
    from mkdocs.exceptions import Abort

    from commhub.checks.checker import check_content
    from helpers import build_site

    corpus = Corpus(tmp_path)
    corpus.write("targets.yml", textwrap.dedent(GOOD).replace("count: versions", "count: versions\nperiode: 2024"))
    _, problems = check_content(corpus.content)
    lines = [problem.render(Messages("vi"), tmp_path) for problem in problems.errors]
    assert [line.split(": ", 1)[0] for line in lines] == ["content/targets.yml:6"]
    with pytest.raises(Abort):
        build_site(tmp_path)
    assert lines[0] in caplog.text
    corpus.write("targets.yml", textwrap.dedent(GOOD))
    assert check_content(corpus.content)[1].errors == []
    build_site(tmp_path)
    assert (tmp_path / "site" / "progress" / "index.html").is_file()
