"""`commhub build` hands its settings to the plugin as configuration, and every failure of the build
process reaches the user as a message, not a traceback."""

from __future__ import annotations

from helpers import standard_corpus
from test_build_modes import commhub


def test_jobs_reach_the_plugin_as_its_option(tmp_path):
    standard_corpus(tmp_path)
    result = commhub("build", "--preview", "--jobs", "3", "-v", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "in 3 process(es)" in result.stderr
    result = commhub("build", "--preview", "--jobs", "1", "-v", cwd=tmp_path)
    assert "in 1 process(es)" in result.stderr


def test_languages_reach_the_plugin_as_its_option(tmp_path):
    standard_corpus(tmp_path)
    result = commhub("build", "--preview", "--languages", "en", "--part-dir", "part-en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    part = tmp_path / "part-en"
    assert (part / "en" / "index.html").is_file()
    assert not (part / "km" / "index.html").exists() and not (part / "catalogue").exists()


def test_an_option_mkdocs_build_does_not_take_here_is_a_message(tmp_path):
    standard_corpus(tmp_path)
    result = commhub("build", "--preview", "--no-such-option", cwd=tmp_path)
    assert result.returncode == 1
    assert "--no-such-option" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_crash_in_the_build_is_a_message_and_the_old_site_stays(tmp_path):
    standard_corpus(tmp_path)
    assert commhub("build", "--preview", cwd=tmp_path).returncode == 0
    before = (tmp_path / "site" / "index.html").read_bytes()
    (tmp_path / "crash.py").write_text("def on_post_build(config):\n    raise RuntimeError('disk on fire')\n",
                                       encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - crash.py\n", encoding="utf-8")
    result = commhub("build", "--preview", cwd=tmp_path)
    assert result.returncode == 1
    assert "RuntimeError: disk on fire" in result.stderr and "-v" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "site" / "index.html").read_bytes() == before
    verbose = commhub("build", "--preview", "-v", cwd=tmp_path)
    assert "Traceback" in verbose.stderr  # the details, for whoever asks


def test_a_configuration_error_is_a_message(tmp_path):
    standard_corpus(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "nav: 5\n", encoding="utf-8")
    result = commhub("build", "--preview", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "nav" in result.stderr


def test_an_error_in_the_program_is_a_message_in_the_editors_language(tmp_path, monkeypatch):
    """Any verb: a bug or a process that died ends with one line saying what and how to see more."""
    from click.testing import CliRunner

    from commhub.checks import checker
    from commhub.cli.main import main

    standard_corpus(tmp_path)

    def broken(*args, **kwargs):
        raise RuntimeError("a worker process died")

    monkeypatch.setattr(checker, "check_hub", broken)
    monkeypatch.chdir(tmp_path)
    for lang, words in (("vi", "lỗi của chương trình"), ("en", "error in the program")):
        result = CliRunner().invoke(main, ["check", "--lang", lang])
        assert result.exit_code == 1
        assert "RuntimeError: a worker process died" in result.stderr and words in result.stderr
        assert "Traceback" not in result.output + result.stderr
    result = CliRunner().invoke(main, ["--debug", "check"])
    assert isinstance(result.exception, RuntimeError)  # the traceback, for whoever asked


def test_mkdocs_last_words_are_said_in_the_builds_language(tmp_path):
    """Bad content stops the build with commhub's problems and a Vietnamese last line, not
    MkDocs's "Aborted with a BuildError!"."""
    standard_corpus(tmp_path)
    product = tmp_path / "content" / "products" / "tro-giup-phap-ly" / "product.yml"
    product.write_text(product.read_text(encoding="utf-8").replace("type: leaflet", "type: leaflets"),
                       encoding="utf-8")
    result = commhub("build", "--preview", cwd=tmp_path)
    assert result.returncode == 1
    assert "Aborted" not in result.stderr and "bản dựng dừng vì lỗi ở trên" in result.stderr
    assert "leaflets" in result.stderr  # the problem itself, as `commhub check` says it


def test_a_build_for_publishing_needs_the_site_address(tmp_path):
    """Without site_url, shared links, hreflang, the sitemap and QR codes would be relative or missing:
    `commhub build` refuses, saying what to add and how to build a preview instead."""
    standard_corpus(tmp_path)
    result = commhub("build", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "site_url" in result.stderr and "commhub build --preview" in result.stderr
    assert "mkdocs.yml" in result.stderr
    assert not (tmp_path / "site").exists()
    # The address from the environment, as the publishing workflow gives it (mkdocs.yml's !ENV).
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_url: !ENV [SITE_URL, \"\"]\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    published = commhub("build", cwd=tmp_path, env={"SITE_URL": "https://hub.example.vn/"})
    assert published.returncode == 0, published.stderr
    assert 'href="https://hub.example.vn/' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert commhub("build", "--preview", "-d", "preview", cwd=tmp_path).returncode == 0
