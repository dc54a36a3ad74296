"""Transcripts and captions of audio and video (WCAG 2.1 AA, 1.2.x): `transcript.<lang>.md` shown on
the version's page and found by search, WebVTT captions (`<media>.<lang>.vtt`) as the video's tracks,
and `commhub check` warning where a published version has none and refusing captions that are not WebVTT."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from commhub.checks.checker import check_content
from commhub.outputs.search import fold
from helpers import build_site, search_rows
from hubfactory import make_hub
from test_search_index import postings

AUDIO, VIDEO = "tao-hon-va-suc-khoe", "ngon-ngu-ky-hieu-trong-doi-song"


def page(site: Path, path: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / path / "index.html").read_text(encoding="utf-8"))


def codes(problems, name: str = "") -> list[tuple[str, str]]:
    return sorted((problem.code, Path(problem.path).name) for problem in problems
                  if not name or Path(problem.path).parent.name == name)


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Path:
    return make_hub(tmp_path_factory.mktemp("transcripts") / "hub")


@pytest.fixture(scope="module")
def site(shared_hub_site) -> Path:
    return shared_hub_site


def test_the_transcript_is_on_the_page_in_the_text_s_language(site):
    section = page(site, f"products/{AUDIO}").css_first("section.commhub-transcript")
    assert section is not None
    heading = section.css_first("h2")
    assert heading.text().strip() == "Bản ghi lời" and section.attributes["aria-labelledby"] == heading.attributes["id"]
    assert "bác sĩ Lan" in section.text()
    # A fallback page shows the original's transcript, marked as in the original's language.
    fallback = page(site, f"km/products/{AUDIO}").css_first("section.commhub-transcript")
    assert fallback.css_first("h2").text().strip() == "អត្ថបទប្រតិចារិក"  # the reader's interface
    assert fallback.css_first("div").attributes.get("lang") == "vi" and "bác sĩ Lan" in fallback.text()
    # No transcript in Hmong: no section (the checker warns).
    assert page(site, f"hmn/products/{AUDIO}").css_first("section.commhub-transcript") is None


def test_the_transcript_s_headings_have_ids_of_their_own(site):
    document = page(site, f"products/{AUDIO}")
    ids = [node.attributes["id"] for node in document.css("[id]")]
    assert len(ids) == len(set(ids))
    body_heading = document.css_first(".commhub-body h2").attributes["id"]
    transcript_heading = document.css_first(".commhub-transcript div h2").attributes["id"]
    assert transcript_heading == f"transcript-{body_heading}"  # same words, apart from the body's


def test_search_finds_words_only_the_transcript_says(site):
    folder = site / "search" / "vi"
    _, rows = search_rows(folder)
    [number] = [index for index, row in enumerate(rows) if f"products/{AUDIO}/" in row]
    assert number in postings(folder, fold("Lan"))  # "bác sĩ Lan" is said in the transcript only
    assert "Lan" not in (site / "products" / AUDIO / "index.html").read_text(encoding="utf-8").split(
        'class="commhub-transcript"')[0]


def test_captions_are_the_video_s_tracks(site):
    video = page(site, f"products/{VIDEO}").css_first("video")
    tracks = video.css("track")
    assert [(t.attributes["kind"], t.attributes["srclang"], t.attributes["label"]) for t in tracks] == [
        ("captions", "vi", "Tiếng Việt")]
    assert "default" in tracks[0].attributes
    assert (site / "products" / VIDEO / "ngon-ngu-ky-hieu.vi.vtt").read_text(encoding="utf-8").startswith("WEBVTT")
    english = page(site, f"en/products/{VIDEO}").css_first("video")
    [track] = english.css("track")
    assert track.attributes["srclang"] == "vi" and "default" not in track.attributes  # not the text's language


def test_check_warns_where_a_published_version_has_no_transcript_or_captions(hub):
    _, problems = check_content(hub / "content")
    assert ("transcript_missing", "index.hmn.md") in codes(problems.warnings, AUDIO)
    assert ("captions_missing", "index.en.md") in codes(problems.warnings, VIDEO)
    assert not [problem for problem in problems.warnings
                if problem.code in ("transcript_missing", "captions_missing") and problem.path.name == "index.vi.md"]
    assert not problems.errors, [problem.code for problem in problems.errors]
    [warning] = [problem for problem in problems.warnings if problem.code == "transcript_missing"]
    assert warning.params["file"] == "transcript.hmn.md"


def test_a_draft_or_a_text_product_needs_none(hub, tmp_path):
    root = shutil.copytree(hub, tmp_path / "hub")
    version = root / "content/products" / AUDIO / "index.hmn.md"
    version.write_text(version.read_text(encoding="utf-8").replace("---\n", "---\nstatus: draft\n", 1),
                       encoding="utf-8")
    _, problems = check_content(root / "content")
    assert ("transcript_missing", "index.hmn.md") not in codes(problems.warnings, AUDIO)


@pytest.mark.parametrize("text, code, line", [
    ("1\n00:00:01,000 --> 00:00:02,000\nSRT, not WebVTT\n", "captions_not_webvtt", 1),
    ("WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nA comma before the milliseconds\n", "captions_timing_invalid", 3),
    ("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nEnds before it starts\n", "captions_timing_invalid", 3),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nGood\n\n00:61.000 --> 00:62.000\nBad seconds\n",
     "captions_timing_invalid", 6),
])
def test_captions_that_are_not_webvtt_are_refused_at_their_line(hub, tmp_path, text, code, line):
    root = shutil.copytree(hub, tmp_path / "hub")
    (root / "content/products" / VIDEO / "ngon-ngu-ky-hieu.vi.vtt").write_text(text, encoding="utf-8")
    _, problems = check_content(root / "content")
    found = [(problem.code, problem.line) for problem in problems.errors]
    assert found == [(code, line)], found


def test_captions_in_another_encoding_or_too_large_are_refused(hub, tmp_path):
    root = shutil.copytree(hub, tmp_path / "hub")
    captions = root / "content/products" / VIDEO / "ngon-ngu-ky-hieu.vi.vtt"
    captions.write_bytes("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nNgôn ngữ\n".encode("utf-16"))
    assert [problem.code for problem in check_content(root / "content")[1].errors] == ["captions_encoding"]
    captions.write_text("WEBVTT\n\n" + "00:00:00.000 --> 00:00:01.000\nx\n\n" * 20000, encoding="utf-8")
    assert [problem.code for problem in check_content(root / "content")[1].errors] == ["captions_too_large"]


def test_a_transcript_is_checked_as_a_body_is(hub, tmp_path):
    root = shutil.copytree(hub, tmp_path / "hub")
    transcript = root / "content/products" / AUDIO / "transcript.vi.md"
    transcript.write_text("Lời nói.\n\n<script>alert(1)</script>\n", encoding="utf-8")
    _, problems = check_content(root / "content")
    [error] = problems.errors
    assert error.path.name == "transcript.vi.md" and error.line == 3


def test_a_transcript_for_a_language_without_its_version(hub, tmp_path):
    root = shutil.copytree(hub, tmp_path / "hub")
    folder = root / "content/products" / AUDIO
    (folder / "transcript.km.md").write_text("Lời.\n", encoding="utf-8")
    (folder / "transcript.xx.md").write_text("Lời.\n", encoding="utf-8")
    (folder / "chuong-trinh-tao-hon-va-suc-khoe.km.vtt").write_text("WEBVTT\n", encoding="utf-8")
    _, problems = check_content(root / "content")
    assert ("transcript_without_version", "transcript.km.md") in codes(problems.warnings)
    assert ("captions_without_version", "chuong-trinh-tao-hon-va-suc-khoe.km.vtt") in codes(problems.warnings)
    assert ("language_suffix_unknown", "transcript.xx.md") in codes(problems.errors)
    assert not [problem for problem in problems.warnings if problem.code == "file_not_listed"]


def test_a_strict_build_publishes_with_the_warnings_noted(hub, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    root = shutil.copytree(hub, tmp_path / "hub")
    site = build_site(root, strict=True)  # missing transcripts and captions do not stop publishing
    assert (site / "products" / AUDIO / "index.html").is_file()
    assert re.search(r"transcript\.hmn\.md", caplog.text)
