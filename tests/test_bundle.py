"""The offline copy of one language (outputs/bundle.py, `commhub bundle`, the build's offline/*.zip):
a zip that works from file:// after unzipping, for readers without internet (issue 17)."""

from __future__ import annotations

import json
import logging
import posixpath
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser

from commhub.cli.bundle import load_plan
from commhub.cli.main import main
from commhub.i18n.messages import Messages
from commhub.outputs.bundle import (SiteFolder, input_digest, language_of, make_bundle, skipped_folders,
                                    write_bundles)
from commhub.outputs.search import SHARDS
from helpers import build_site, standard_corpus
from media_files import pdf, png, webm

SITE_URL = "https://hub.example.vn/"
ALT = {"vi": "Bìa tờ rơi", "km": "គម្របខិត្តប័ណ្ណ", "en": "Leaflet cover"}
MEDIA = {"bia.png": png(), "to-roi.pdf": pdf(), "phim.webm": webm()}  # image, document, video


def hub(root: Path, site_url: str = "", options: str = "") -> Path:
    """The standard corpus, its leaflet with an image, a PDF and a video; built into root/site."""
    corpus = standard_corpus(root)
    corpus.product("tro-giup-phap-ly", type="leaflet", published="2024-05-06", media=[
        {"file": "bia.png", "kind": "image", "alt": dict(ALT)},
        {"file": "to-roi.pdf", "kind": "document", "alt": dict(ALT)},
        {"file": "phim.webm", "kind": "video", "alt": dict(ALT)}])
    for name, data in MEDIA.items():
        (corpus.content / "products" / "tro-giup-phap-ly" / name).write_bytes(data)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if options:
        text = text.replace("  - commhub\n", "  - commhub:\n" + options)
    config.write_text((f"site_url: {site_url}\n" if site_url else "") + text, encoding="utf-8")
    return build_site(root)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return hub(tmp_path_factory.mktemp("bundle"))


@pytest.fixture(scope="module")
def online_site(tmp_path_factory) -> Path:
    return hub(tmp_path_factory.mktemp("bundle-online"), SITE_URL)


def bundle(site: Path, *args: str, lang: str = "km", output: Path | None = None) -> tuple[object, Path]:
    output = output or site.parent / f"copy-{lang}.zip"
    result = CliRunner().invoke(main, ["bundle", "--lang", lang, "--site-dir", str(site), "-f",
                                       str(site.parent / "mkdocs.yml"), "--output", str(output), *args])
    return result, output


def unzip(archive: Path, folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    with zipfile.ZipFile(archive) as zipped:
        for name in zipped.namelist():  # the names are safe to write: no absolute path, no '..'
            assert not name.startswith("/") and ".." not in name.split("/"), name
        zipped.extractall(folder)
    return folder


@pytest.fixture(scope="module")
def km_copy(site) -> Path:
    result, output = bundle(site)
    assert result.exit_code == 0, result.output
    return unzip(output, site.parent / "copy-km")


def links(page: Path) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) of every address in a page."""
    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    found = []
    for node in tree.css("[href], [src], [action], [poster], [srcset]"):
        for attribute in ("href", "src", "action", "poster", "srcset"):
            if attribute in node.attrs:
                found.append((node.tag, attribute, node.attrs[attribute] or ""))
    return found


def broken_links(copy: Path, site_url: str = "") -> list[str]:
    """Every address in the copy's pages that is not a fragment, an http(s) address of the online site
    (or another site's, in a page body), or a file of the copy."""
    broken = []
    for page in sorted(copy.rglob("*.html")):
        where = page.relative_to(copy).as_posix()
        for tag, attribute, value in links(page):
            parts = urlsplit(value)
            if value.startswith("#") or parts.scheme in ("mailto", "tel", "data"):
                continue
            if parts.scheme in ("http", "https"):
                if site_url and not value.startswith(site_url) and tag in ("link", "form"):
                    broken.append(f"{where}: <{tag} {attribute}> off the site: {value}")
                if not site_url and tag != "a":
                    broken.append(f"{where}: <{tag} {attribute}> online without a site_url: {value}")
                continue
            if parts.scheme or value.startswith("//") or attribute == "srcset":
                broken.append(f"{where}: <{tag} {attribute}={value}>")
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(where), unquote(parts.path)))
            if target.startswith("..") or not (copy / target).is_file():
                broken.append(f"{where}: <{tag} {attribute}={value}> -> {target}")
    return broken


# --- what the copy holds ------------------------------------------------------------------------------

def test_every_address_in_the_copy_is_a_file_of_it(km_copy):
    assert (km_copy / "index.html").is_file() and (km_copy / "km" / "index.html").is_file()
    assert not broken_links(km_copy), "\n".join(broken_links(km_copy))
    # The theme came along: styles, fonts (from the CSS), favicon, the search script inline.
    names = {path.relative_to(km_copy).as_posix() for path in km_copy.rglob("*") if path.is_file()}
    assert "assets/stylesheets/commhub.css" in names
    assert any(name.startswith("assets/fonts/noto-sans-khmer") for name in names)
    assert not any(name.endswith(".map") or "/lunr/" in name or "/workers/" in name for name in names), names
    assert "assets/javascripts/commhub-search.js" not in names  # inline in the search page
    # Nothing a browser refuses under file:// (no CORS there): no preload, crossorigin or integrity.
    for page in km_copy.rglob("*.html"):
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        assert not tree.css('link[rel="preload"], [crossorigin], [integrity]'), page


def test_no_page_of_another_language(km_copy):
    pages = sorted(path.relative_to(km_copy).as_posix() for path in km_copy.rglob("*.html"))
    assert len(pages) > 15
    assert all(page.startswith("km/") or page == "index.html" for page in pages), pages
    for page in pages:
        html = LexborHTMLParser((km_copy / page).read_text(encoding="utf-8"))
        assert html.css_first("html").attrs.get("lang") == "km", page
    names = [path.relative_to(km_copy).as_posix() for path in km_copy.rglob("*") if path.is_file()]
    assert not [name for name in names if name.startswith(("en/", "hmn/", "admin/", "share/", "offline/", "data/"))
                or name.startswith("search/") and not name.startswith("search/km/")]


def test_without_site_url_links_to_other_languages_are_taken_out(km_copy):
    product = (km_copy / "km/products/tro-giup-phap-ly/index.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(product)
    assert tree.css_first(".md-select__list") is None  # no language left to choose but its own
    assert [link.attrs["href"] for link in tree.css('link[rel="alternate"][hreflang]')] in ([], ["index.html"])
    # The text of a link taken out stays.
    assert "ជំនួយផ្នែកច្បាប់ឥតគិតថ្លៃ" in tree.css_first("h1").text()


def test_with_site_url_links_to_other_languages_go_online(online_site, tmp_path):
    result, output = bundle(online_site)
    assert result.exit_code == 0, result.output
    copy = unzip(output, tmp_path / "copy")
    assert not broken_links(copy, SITE_URL), "\n".join(broken_links(copy, SITE_URL))
    tree = LexborHTMLParser((copy / "km/products/tro-giup-phap-ly/index.html").read_text(encoding="utf-8"))
    choices = {link.attrs["hreflang"]: link.attrs["href"] for link in tree.css("a.md-select__link")}
    assert choices["km"] == "index.html"
    assert choices["vi"] == SITE_URL + "products/tro-giup-phap-ly/"
    assert choices["en"] == SITE_URL + "en/products/tro-giup-phap-ly/"
    notice = (copy / "README.txt").read_text(encoding="utf-8")
    assert SITE_URL + "km/" in notice


def test_the_search_page_runs_only_its_own_inline_script(km_copy):
    page = (km_copy / "km/search/index.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(page)
    scripts = [node for node in tree.css("script") if node.attrs.get("type") not in ("application/json",
                                                                                     "application/ld+json")]
    assert len(scripts) == 1 and "src" not in scripts[0].attrs and "integrity" not in scripts[0].attrs
    assert "commhubIndex" in scripts[0].text()
    policy = tree.css_first('meta[http-equiv="Content-Security-Policy"]').attrs["content"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"].endswith("'strict-dynamic'") and "'self'" not in directives["script-src"]
    assert tree.css_first("#commhub-search-all") is None  # one language: nothing to widen to
    assert tree.css_first("form#commhub-search").attrs["data-languages"] == "km"
    # Other pages run no script at all.
    product = LexborHTMLParser((km_copy / "km/products/bau-cu/index.html").read_text(encoding="utf-8"))
    assert "script-src 'none'" in product.css_first('meta[http-equiv="Content-Security-Policy"]').attrs["content"]


def test_the_search_index_comes_as_scripts_too(km_copy, site):
    folder = km_copy / "search" / "km"
    for number in range(SHARDS):
        assert (folder / f"{number}.js").is_file(), number  # an empty shard too: no missing file
    for source in sorted((site / "search" / "km").glob("*.json")):
        script = (folder / f"{source.stem}.js").read_text(encoding="utf-8")
        prefix = f'(self.commhubIndex = self.commhubIndex || {{}})["search/km/{source.name}"] = '
        assert script.startswith(prefix) and script.endswith(";\n")
        assert json.loads(script[len(prefix):-2]) == json.loads(source.read_bytes())


def test_the_notice_and_the_root_page_are_in_the_readers_language(km_copy):
    km = Messages("km")
    readme = (km_copy / "README.txt").read_text(encoding="utf-8")
    assert km("ui.offline.how") in readme and "ភាសាខ្មែរ" in readme
    root = LexborHTMLParser((km_copy / "index.html").read_text(encoding="utf-8"))
    assert root.css_first("html").attrs["lang"] == "km"
    assert [link.attrs["href"] for link in root.css("a.md-button")] == ["km/index.html"]
    home = LexborHTMLParser((km_copy / "km/index.html").read_text(encoding="utf-8"))
    aside = home.css_first("aside.commhub-offline")
    assert aside is not None and km("ui.offline.title") in aside.text()
    assert not home.css('a[href$=".zip"]')  # the copy does not offer itself for download


def test_the_default_language_copy_has_its_home_at_the_root(site, tmp_path):
    result, output = bundle(site, lang="vi")
    assert result.exit_code == 0, result.output
    copy = unzip(output, tmp_path / "vi")
    assert not broken_links(copy), "\n".join(broken_links(copy))
    tree = LexborHTMLParser((copy / "index.html").read_text(encoding="utf-8"))
    assert tree.css_first("html").attrs["lang"] == "vi" and tree.css_first("aside.commhub-offline") is not None
    assert not (copy / "km").exists() and not (copy / "en").exists()
    assert (copy / "products/tro-giup-phap-ly/index.html").is_file()


# --- media and their budget ---------------------------------------------------------------------------

def test_media_within_the_budget_come_along(km_copy):
    for name, data in MEDIA.items():
        assert (km_copy / "products/tro-giup-phap-ly" / name).read_bytes() == data
    page = LexborHTMLParser((km_copy / "km/products/tro-giup-phap-ly/index.html").read_text(encoding="utf-8"))
    assert page.css_first("img").attrs["src"] == "../../../products/tro-giup-phap-ly/bia.png"


def test_media_over_the_budget_are_left_out_and_listed(site, tmp_path):
    budget = len(MEDIA["bia.png"])  # room for the image only: images come first
    result, output = bundle(site, "--media-budget", f"{budget}B", "--messages-language", "en")
    assert result.exit_code == 0, result.output
    assert "left online" in result.output and "products/tro-giup-phap-ly/phim.webm" in result.output
    copy = unzip(output, tmp_path / "small")
    media = sorted(path.relative_to(copy).as_posix() for path in (copy / "products").rglob("*") if path.is_file())
    assert media == ["products/tro-giup-phap-ly/bia.png"]
    assert not broken_links(copy), "\n".join(broken_links(copy))
    km = Messages("km")
    readme = (copy / "README.txt").read_text(encoding="utf-8")
    assert km("ui.offline.left_out", count=readme.count("\n- "), budget="{budget}").split("{budget}")[0] in readme
    assert "products/tro-giup-phap-ly/phim.webm" in readme and "products/tro-giup-phap-ly/to-roi.pdf" in readme
    page = LexborHTMLParser((copy / "km/products/tro-giup-phap-ly/index.html").read_text(encoding="utf-8"))
    assert page.css_first("video") is None
    missing = [node.text() for node in page.css(".commhub-offline-missing")]
    assert any("phim.webm" in text for text in missing) and any("to-roi.pdf" in text for text in missing)
    assert page.css_first("img").attrs["src"].endswith("bia.png")
    home = (copy / "km/index.html").read_text(encoding="utf-8")
    assert "phim.webm" in home  # the notice on the home page lists it too


def test_over_the_budget_with_a_site_url_media_link_online(online_site, tmp_path):
    result, output = bundle(online_site, "--media-budget", "0")
    assert result.exit_code == 0, result.output
    copy = unzip(output, tmp_path / "none")
    assert not (copy / "products").exists()
    page = LexborHTMLParser((copy / "km/products/tro-giup-phap-ly/index.html").read_text(encoding="utf-8"))
    online = [node.attrs["href"] for node in page.css(".commhub-offline-missing a")]
    assert SITE_URL + "products/tro-giup-phap-ly/bia.png" in online
    assert SITE_URL + "products/tro-giup-phap-ly/phim.webm" in online


# --- the zip ------------------------------------------------------------------------------------------

def test_the_same_site_gives_the_same_bytes(site, tmp_path):
    first, one = bundle(site, output=tmp_path / "one.zip")
    second, two = bundle(site, output=tmp_path / "two.zip")
    assert first.exit_code == second.exit_code == 0
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["one.zip", "two.zip"]  # nothing else written


def test_the_build_writes_a_copy_of_every_language_linked_from_its_home(site):
    copies = sorted(path.name for path in (site / "offline").iterdir())
    assert copies == ["commhub-en.zip", "commhub-hmn.zip", "commhub-km.zip", "commhub-vi.zip"]
    # The build's copy is the one `commhub bundle` makes.
    result, output = bundle(site, output=site.parent / "cli-km.zip")
    assert result.exit_code == 0 and output.read_bytes() == (site / "offline/commhub-km.zip").read_bytes()
    for home, expected in (("km/index.html", "../offline/commhub-km.zip"), ("index.html", "offline/commhub-vi.zip"),
                           ("hmn/index.html", "../offline/commhub-hmn.zip")):
        tree = LexborHTMLParser((site / home).read_text(encoding="utf-8"))
        aside = tree.css_first("aside.commhub-offline")
        assert aside is not None, home
        assert [link.attrs["href"] for link in aside.css("a")] == [expected]
        size = aside.css_first(".commhub-offline__size").text()
        assert "MB" in size, (home, size)
    assert re.search(r"\(tệp zip, \d+,\d MB\)", (site / "index.html").read_text(encoding="utf-8"))  # decimal comma


def test_the_option_turns_the_copies_off(tmp_path):
    site = hub(tmp_path, options="      offline_bundles: false\n")
    assert not (site / "offline").exists()
    assert "commhub-offline" not in (site / "km/index.html").read_text(encoding="utf-8")


def test_a_build_of_some_languages_writes_no_copy_and_merge_makes_them(site, tmp_path):
    part = shutil.copytree(site, tmp_path / "part")
    shutil.rmtree(part / "offline")
    plan, messages, _, _ = load_plan(site.parent / "mkdocs.yml")
    options = {"offline_bundles": True, "offline_media_budget_mb": 200, "messages_language": "en"}
    sizes = write_bundles(plan, messages, part, "", options, ["vi", "km"], logging.getLogger("test"))
    assert sizes == {} and not (part / "offline").exists()
    # The home pages keep their link, which `commhub merge` sizes once it has made the copies.
    assert "commhub-offline" in (part / "km/index.html").read_text(encoding="utf-8")
    sizes = write_bundles(plan, messages, part, "", options, list(plan.codes), logging.getLogger("test"))
    assert set(sizes) == set(plan.codes) and (part / "offline/commhub-km.zip").is_file()


def test_a_copy_is_made_again_only_when_its_inputs_change(site, tmp_path):
    plan, messages, _, _ = load_plan(site.parent / "mkdocs.yml")
    skip = skipped_folders(plan.codes, plan.prefix)
    km = language_of(plan, messages, "km")
    before = input_digest(SiteFolder(site), km, "", 10 ** 6, skip)
    copy = shutil.copytree(site, tmp_path / "again")
    assert input_digest(SiteFolder(copy), km, "", 10 ** 6, skip) == before
    assert input_digest(SiteFolder(copy), km, "", 10 ** 5, skip) != before  # another budget
    (copy / "products/tro-giup-phap-ly/bia.png").write_bytes(MEDIA["bia.png"])  # written again, same bytes
    assert input_digest(SiteFolder(copy), km, "", 10 ** 6, skip) == before
    (copy / "products/tro-giup-phap-ly/phim.webm").write_bytes(webm(unknown_size=True))
    assert input_digest(SiteFolder(copy), km, "", 10 ** 6, skip) != before
    # An English page does not change the Khmer copy.
    (copy / "en/index.html").write_text("changed", encoding="utf-8")
    after = input_digest(SiteFolder(copy), km, "", 10 ** 6, skip)
    (copy / "en/index.html").write_bytes((site / "en/index.html").read_bytes())
    assert after == input_digest(SiteFolder(copy), km, "", 10 ** 6, skip)


# --- safety -------------------------------------------------------------------------------------------

def test_a_symlink_out_of_the_site_is_not_followed(site, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png() + b"secret")
    copy = shutil.copytree(site, tmp_path / "linked", symlinks=True)
    (copy / "products/tro-giup-phap-ly/bia.png").unlink()
    (copy / "products/tro-giup-phap-ly/bia.png").symlink_to(secret)
    plan, messages, _, _ = load_plan(site.parent / "mkdocs.yml")
    made = make_bundle(SiteFolder(copy), language_of(plan, messages, "km"), "", 10 ** 6)
    assert "products/tro-giup-phap-ly/bia.png" not in made.entries
    assert all(entry.source is None or copy.resolve() in entry.source.parents for entry in made.entries.values())
    page = LexborHTMLParser(made.entries["km/products/tro-giup-phap-ly/index.html"].data.decode())
    addresses = [node.attrs.get("src") or node.attrs.get("href") for node in page.css("[src], [href]")]
    assert not [address for address in addresses if "bia.png" in address]


# --- errors: a message in the editor's language, never a traceback ---------------------------------------

@pytest.mark.parametrize("args, expected", [
    (["--site-dir", "{missing}"], "problem.bundle.site_missing"),
    (["--lang", "xx"], "problem.bundle.language_unknown"),
    (["--media-budget", "lots"], "problem.bundle.budget_invalid"),
    (["--output", "{folder}"], "problem.bundle.output_is_folder"),
    (["--output", "{folder}/no/such/copy.zip"], "problem.bundle.output_invalid"),
])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_errors_are_clear_messages(site, tmp_path, args, expected, language):
    args = [arg.format(missing=tmp_path / "nothing", folder=tmp_path) for arg in args]
    command = ["bundle", "--lang", "km", "--site-dir", str(site), "-f", str(site.parent / "mkdocs.yml"),
               "--output", str(tmp_path / "copy.zip"), "--messages-language", language, *args]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    template = Messages(language)(expected, **{name: "\0" for name in (
        "folder", "lang", "allowed", "value", "path", "reason", "file")})
    assert all(piece in result.output for piece in template.split("\0") if piece.strip()), result.output
    assert not (tmp_path / "copy.zip").exists()


def test_a_site_folder_of_another_hub_is_named(site, tmp_path):
    other = tmp_path / "other-site"
    (other / "assets").mkdir(parents=True)
    result = CliRunner().invoke(main, ["bundle", "--lang", "km", "--site-dir", str(other), "-f",
                                       str(site.parent / "mkdocs.yml"), "--output", str(tmp_path / "c.zip"),
                                       "--messages-language", "en"])
    assert result.exit_code == 1 and "km/index.html is missing" in result.output, result.output
