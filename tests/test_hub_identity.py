"""The hub's identity (content/hub.yml) on every page, and every language's home page (issue 15).

Hubs are built from fixtures (helpers.Corpus), never from the demo content.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError
from selectolax.lexbor import LexborHTMLParser

from commhub.checks.checker import check_content
from commhub.content.hub import load_hub
from commhub.content.registries import load_languages
from commhub.content.problems import ProblemList, sort_key
from commhub.i18n.messages import Messages
from commhub.site.plan import HOME_LATEST
from helpers import Corpus, build_site, search_rows, standard_corpus
from test_build_modes import with_cache
from test_check import run_check

ATOM = "{http://www.w3.org/2005/Atom}"
LANGS = ["vi", "km", "hmn", "en"]  # the fixture's languages.yml; hmn falls back to vi
HUB_YML = """\
# Thông tin của trang
name:
  vi: "Cổng truyền thông giáo dục công dân Đà Nẵng"
  en: "Da Nang civic education hub"
  km: "វិបផតថលអប់រំពលរដ្ឋដាណាំង"
description:
  vi: "Sản phẩm truyền thông giáo dục công dân"
  en: "Civic education products"
province: {vi: "Thành phố Đà Nẵng", en: "Da Nang City"}
agency: {vi: "Sở Tư pháp thành phố Đà Nẵng", en: "Da Nang Department of Justice"}
"""
NAME = {"vi": "Cổng truyền thông giáo dục công dân Đà Nẵng", "en": "Da Nang civic education hub",
        "km": "វិបផតថលអប់រំពលរដ្ឋដាណាំង", "hmn": "Cổng truyền thông giáo dục công dân Đà Nẵng"}


def prefix(lang: str) -> str:
    return "" if lang == "vi" else f"{lang}/"


def html_of(site: Path, path: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / path).read_text(encoding="utf-8"))


def text(tree: LexborHTMLParser, selector: str) -> str:
    return " ".join(tree.css_first(selector).text().split())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The standard corpus with a hub.yml: vi and en have hand-written homes, km and hmn none."""
    root = tmp_path_factory.mktemp("hub")
    corpus = standard_corpus(root)
    corpus.write("hub.yml", HUB_YML)
    return build_site(root, strict=True)


# --- content/hub.yml: loading and its problems ----------------------------------------------------


def hub_problems(tmp_path: Path, text: str, lang: str = "vi") -> list[str]:
    corpus = Corpus(tmp_path)
    corpus.write("hub.yml", text)
    _, problems = check_content(corpus.content)
    return [problem.render(Messages(lang), tmp_path) for problem in sorted(problems, key=sort_key)]


def test_hub_yml_is_read_per_language(tmp_path):
    corpus = Corpus(tmp_path)
    corpus.write("hub.yml", HUB_YML)
    problems = ProblemList()
    hub = load_hub(corpus.content, load_languages(corpus.content, problems), problems)
    assert problems == []
    assert hub.texts["name"] == {key: NAME[key] for key in ("vi", "en", "km")}
    assert hub.texts["province"] == {"vi": "Thành phố Đà Nẵng", "en": "Da Nang City"}
    assert check_content(corpus.content)[0].hub == hub


def test_without_hub_yml_there_is_no_hub_and_no_problem(tmp_path):
    corpus = Corpus(tmp_path)
    content, problems = check_content(corpus.content)
    assert content.hub is None and problems == []


@pytest.mark.parametrize("lang, expected", [
    ("vi", [
        "content/hub.yml:3: 'name.en' phải là một đoạn chữ, không được để trống.",
        "content/hub.yml:4: 'name.xx': 'xx' không phải ngôn ngữ đã khai báo trong languages.yml (đã khai báo: en, "
        "hmn, km, vi). Hãy sửa mã, khai báo ngôn ngữ này (`commhub language add xx --name … --group …`), hoặc xóa "
        "mọi nội dung bằng ngôn ngữ này: `commhub language remove xx` (thêm `--archive DIR` thì các tệp được chuyển "
        "vào thư mục DIR thay vì bị xóa).",
        "content/hub.yml:5: trường 'descripton' không hợp lệ — có phải bạn định viết 'description'? Các trường được "
        "phép: name, description, province, agency.",
        "content/hub.yml:6: 'province' phải ghi mỗi ngôn ngữ một dòng theo mã ngôn ngữ, ví dụ 'vi: ...' và 'en: ...'.",
        "content/hub.yml:8: 'agency.vi' dài 201 ký tự; tối đa 200 ký tự (hiện trên mọi trang). Hãy rút gọn.",
    ]),
    ("en", [
        "content/hub.yml:3: 'name.en' must be a non-empty text.",
        "content/hub.yml:4: 'name.xx': 'xx' is not a language declared in languages.yml (declared: en, hmn, km, vi). "
        "Correct the code, declare the language (`commhub language add xx --name … --group …`), or remove "
        "everything in it: `commhub language remove xx` (with `--archive DIR` the files are moved into DIR instead "
        "of deleted).",
        "content/hub.yml:5: unknown field 'descripton' — did you mean 'description'? Allowed fields: name, "
        "description, province, agency.",
        "content/hub.yml:6: 'province' must give one text per language code, e.g. 'vi: ...' and 'en: ...'.",
        "content/hub.yml:8: 'agency.vi' has 201 characters; it may have at most 200 (it is shown on every page). "
        "Shorten it.",
    ]),
])
def test_hub_yml_problems_name_file_line_and_what_to_do(tmp_path, lang, expected):
    bad = ('name:\n  vi: "Cổng"\n  en: 3\n  xx: "X"\ndescripton: {vi: a}\nprovince: "Đà Nẵng"\n'
           f'agency:\n  vi: "{"A" * 201}"\n')
    assert hub_problems(tmp_path, bad, lang) == expected


@pytest.mark.parametrize("text, expected", [
    ("name: {en: Hub}\n", "content/hub.yml:1: 'name' chưa có tên trang bằng ngôn ngữ mặc định: hãy thêm dòng "
                          "'vi: ...' (tên trang bằng ngôn ngữ đó) dưới 'name:'."),
    ("# chưa có gì\n", "content/hub.yml:1: thiếu trường bắt buộc 'name'. Hãy bổ sung."),
    ("description: {vi: x}\n", "content/hub.yml:1: thiếu trường bắt buộc 'name'. Hãy bổ sung."),
    ("- a\n", "content/hub.yml:1: 'hub.yml' phải là các dòng dạng 'khóa: giá trị'."),
    ("name: Cổng\n", "content/hub.yml:1: 'name' phải ghi mỗi ngôn ngữ một dòng theo mã ngôn ngữ, ví dụ 'vi: ...' "
                     "và 'en: ...'."),
    ("name: {vi: [x\n", "content/hub.yml:2: lỗi cú pháp YAML: did not find expected ',' or ']'. Hãy kiểm tra thụt "
                        "lề (dùng dấu cách, không dùng Tab), dấu hai chấm và dấu ngoặc kép ở dòng này hoặc dòng trên."),
    ("# x\nname:\n  vi: \"Ca\u0309ng\"\n",
     "content/hub.yml:3: chữ 'Cảng' được gõ bằng dấu tách rời (Unicode tổ hợp, không phải dạng dựng sẵn NFC) nên "
     "tìm kiếm và hiển thị có thể sai. Chạy `commhub check --fix` để sửa tự động, hoặc đặt bộ gõ (ví dụ Unikey) ở "
     "bảng mã Unicode dựng sẵn rồi gõ lại."),
    ("name: &a {vi: x}\nprovince: *a\n", None),  # aliases are refused, as in every content file
])
def test_more_hub_yml_problems(tmp_path, text, expected):
    problems = hub_problems(tmp_path, text)
    if expected is None:
        assert len(problems) == 1 and problems[0].startswith("content/hub.yml:"), problems
    else:
        assert problems == [expected]


def test_a_linked_hub_yml_is_refused(tmp_path):
    corpus = Corpus(tmp_path)
    (tmp_path / "elsewhere.yml").write_text("name: {vi: X}\n", encoding="utf-8")
    (corpus.content / "hub.yml").symlink_to(tmp_path / "elsewhere.yml")
    content, problems = check_content(corpus.content)
    assert [(problem.path.name, problem.code) for problem in problems] == [("hub.yml", "symlink_not_allowed")]
    assert content.hub is None


def test_check_and_build_agree_on_hub_yml(tmp_path):
    corpus = Corpus(tmp_path)
    corpus.write("hub.yml", "name: {en: Hub}\nagnecy: {vi: Sở}\n")
    code, lines = run_check(tmp_path)
    assert code == 1
    problems = [line for line in lines if line.startswith("content/hub.yml")]
    assert len(problems) == 2
    with pytest.raises(Abort) as raised:
        build_site(tmp_path)
    error = raised.value.__context__
    assert isinstance(error, PluginError)
    assert str(error).splitlines()[1:] == problems
    # Scoped to other files, the check leaves hub.yml's problems out.
    assert run_check(tmp_path, "content/units.yml") == (0, ["0 lỗi, 0 cảnh báo"])


# --- the identity on every page, per language -----------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_names_the_site_in_its_own_words(site, lang):
    about = html_of(site, f"{prefix(lang)}about/index.html")  # a fallback page in km, hmn, en
    product = html_of(site, f"{prefix(lang)}products/tro-giup-phap-ly/index.html")
    name = NAME[lang]
    for tree in (about, product):
        assert text(tree, ".md-header__topic .md-ellipsis") == name
        assert tree.css_first(".md-header .md-logo").attributes["aria-label"] == name
        assert text(tree, "title").endswith(f" - {name}")
        feed = tree.css_first('link[type="application/atom+xml"]').attributes["title"]
        assert feed.startswith(f"{name} — ")
    footer = text(product, ".commhub-identity")
    if lang == "en":
        assert footer == "Da Nang Department of Justice · Da Nang City"
    else:
        assert footer == "Sở Tư pháp thành phố Đà Nẵng · Thành phố Đà Nẵng"
    # A text shown in another language than the page's says which.
    header_name = product.css_first(".md-header__topic .md-ellipsis")
    assert header_name.attributes.get("lang") == ("vi" if lang == "hmn" else None)
    spans = product.css(".commhub-identity span")
    assert {span.attributes.get("lang") for span in spans} == ({None} if lang in ("vi", "en") else {"vi"})
    # A product's description is its own summary, not the site's.
    assert product.css_first('meta[name="description"]').attributes["content"].startswith("Tóm tắt ")


def test_feeds_open_data_and_jsonld_name_the_hub_per_language(site):
    for lang in LANGS:
        feed = ET.parse(site / prefix(lang) / "feed.xml").getroot()
        assert feed.findtext(f"{ATOM}title").startswith(f"{NAME[lang]} — ")
    index = json.loads((site / "data/index.json").read_text(encoding="utf-8"))
    assert index["title"]["en"] == "Da Nang civic education hub — open data: published products"
    assert index["title"]["km"].startswith(NAME["km"])
    assert index["publisher"] == {"vi": "Sở Tư pháp thành phố Đà Nẵng", "km": "Sở Tư pháp thành phố Đà Nẵng",
                                  "hmn": "Sở Tư pháp thành phố Đà Nẵng", "en": "Da Nang Department of Justice"}
    for lang, publisher in (("vi", "Sở Tư pháp thành phố Đà Nẵng"), ("en", "Da Nang Department of Justice")):
        tree = html_of(site, f"{prefix(lang)}products/tro-giup-phap-ly/index.html")
        data = json.loads(tree.css_first('script[type="application/ld+json"]').text())
        assert data["publisher"] == {"@type": "Organization", "name": publisher}
        assert data["author"]["name"] == ("Sở Tư pháp" if lang == "vi" else "Department of Justice")  # the unit


def test_the_description_and_pages_outside_the_plan(site):
    about = html_of(site, "en/about/index.html")
    assert about.css_first('meta[name="description"]').attributes["content"] == "Civic education products"
    # km has no description of its own: the default language's
    km = html_of(site, "km/index.html")
    assert km.css_first('meta[name="description"]').attributes["content"] == "Sản phẩm truyền thông giáo dục công dân"
    assert km.css_first(".commhub-home__intro").attributes["lang"] == "vi"
    assert text(html_of(site, "404.html"), "title") == NAME["vi"]


def test_without_hub_yml_the_site_is_named_by_site_name(tmp_path):
    standard_corpus(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: test hub\n",
                                                                 "site_name: test hub\nsite_description: Mô tả\n"),
                      encoding="utf-8")
    site = build_site(tmp_path, strict=True)
    for lang in LANGS:
        tree = html_of(site, f"{prefix(lang)}products/tro-giup-phap-ly/index.html")
        assert text(tree, ".md-header__topic .md-ellipsis") == "test hub"
        assert tree.css_first(".md-header__topic .md-ellipsis").attributes.get("lang") is None
        assert tree.css(".commhub-identity") == []  # no agency, no province: the footer says nothing
        jsonld = tree.css_first('script[type="application/ld+json"]')  # none on hmn's fallback page
        assert jsonld is None or json.loads(jsonld.text())["publisher"]["name"] == "test hub"
        feed = ET.parse(site / prefix(lang) / "feed.xml").getroot()
        assert feed.findtext(f"{ATOM}title").startswith("test hub — ")
        home = html_of(site, f"{prefix(lang)}index.html")
        assert text(home, "title") == "test hub"
        assert home.css_first('meta[name="description"]').attributes["content"] == "Mô tả"


def test_editing_hub_yml_renews_cached_pages(tmp_path):
    corpus = standard_corpus(tmp_path)
    with_cache(tmp_path)
    corpus.write("hub.yml", "name: {vi: Tên cũ}\n")
    build_site(tmp_path)
    corpus.write("hub.yml", "name: {vi: Tên mới}\n")
    site = build_site(tmp_path)
    for path in ("products/tro-giup-phap-ly/index.html", "km/products/bau-cu/index.html", "km/index.html"):
        assert text(html_of(site, path), ".md-header__topic .md-ellipsis") == "Tên mới", path


# --- home pages ---------------------------------------------------------------------------------------


def switcher(tree: LexborHTMLParser) -> dict[str, str]:
    return {link.attributes["hreflang"]: link.attributes["href"] for link in tree.css(".md-select__link")}


def hreflang(tree: LexborHTMLParser) -> dict[str, str]:
    return {link.attributes["hreflang"]: link.attributes["href"]
            for link in tree.css('head link[rel="alternate"][hreflang]')}


@pytest.mark.parametrize("lang", LANGS)
def test_every_home_page_carries_the_switcher_to_every_language(site, lang):
    tree = html_of(site, f"{prefix(lang)}index.html")
    assert tree.css_first("html").attributes["lang"] == lang
    if lang == "vi":
        expected = {"vi": ".", "km": "km/", "hmn": "hmn/", "en": "en/"}
    else:  # from km/: the root is "..", the page itself "./"
        expected = {code: ".." if code == "vi" else "./" if code == lang else f"../{code}/" for code in LANGS}
    assert switcher(tree) == expected
    assert hreflang(tree) == {**expected, "x-default": expected["vi"]}
    assert text(tree, "title") == NAME[lang]  # a home page is titled by the site's name alone, never "X - X"


def test_a_language_without_its_own_home_gets_a_generated_one(site):
    km = html_of(site, "km/index.html")
    assert text(km, ".md-content h1") == NAME["km"]
    assert km.css(".commhub-notice") == []  # not another language's page shown as a fallback
    latest = [(a.attributes["href"], " ".join(a.text().split())) for a in km.css(".commhub-list h3 a")]
    assert latest == [("products/tro-giup-phap-ly/", "ជំនួយផ្នែកច្បាប់ឥតគិតថ្លៃ"), ("products/bau-cu/", "ការបោះឆ្នោត")]
    meta = [" ".join(p.text().split()) for p in km.css(".commhub-list__meta")]
    km_type = Messages("km")
    assert meta == [f"{km_type('ui.type.leaflet')} · 2024-05-06", f"{km_type('ui.type.video')} · 2023-02-01"]
    types = {a.attributes["href"] for a in km.css(".commhub-home__types li a")}
    assert types == {"catalogue/type/leaflet/", "catalogue/type/video/"}
    for href in types | {"catalogue/", "topics/"}:
        assert (site / "km" / href / "index.html").is_file(), href
    assert any(a.attributes["href"] == "catalogue/" for a in km.css(".md-content a"))
    form = km.css_first("form.commhub-home__search")
    assert form.attributes["action"] == "search/" and form.css_first("input").attributes["name"] == "q"
    # Hmong has no product yet: the home says so and links no empty catalogue.
    hmn = html_of(site, "hmn/index.html")
    assert text(hmn, ".md-content h1") == NAME["hmn"]
    assert text(hmn, ".md-content h1") and hmn.css_first(".md-content h1").attributes["lang"] == "vi"
    assert hmn.css(".commhub-list") == [] and hmn.css(".commhub-home__types") == []
    assert Messages("hmn", ("vi",))("ui.catalogue.empty") in hmn.css_first(".md-content").text()


def test_a_hand_written_home_wins(site):
    for lang, words in (("vi", "Xin chào."), ("en", "Hello.")):
        tree = html_of(site, f"{prefix(lang)}index.html")
        assert words in tree.css_first(".md-content").text()
        assert tree.css(".commhub-home__search") == []
    assert "Xin chào." not in (site / "km/index.html").read_text(encoding="utf-8")


def test_generated_homes_list_the_latest_products_and_stay_out_of_the_search_index(tmp_path):
    corpus = Corpus(tmp_path)
    for name in ("index.md", "index.en.md"):
        (tmp_path / "docs" / name).unlink()  # no hand-written home in any language
    types = ["article", "news", "video", "poster", "qa", "handbook", "leaflet", "audio"]
    for number, product_type in enumerate(types, start=1):
        corpus.product(f"san-pham-{number}", type=product_type, published=f"2024-0{number}-01")
        corpus.version(f"san-pham-{number}", "vi", f"Sản phẩm {number}")
    site = build_site(tmp_path, strict=True)
    home = html_of(site, "index.html")
    titles = [" ".join(a.text().split()) for a in home.css(".commhub-list h3 a")]
    assert titles == [f"Sản phẩm {number}" for number in range(8, 8 - HOME_LATEST, -1)]  # newest first
    assert len({a.attributes["href"] for a in home.css(".commhub-home__types li a")}) == len(types)
    assert text(home, "title") == "test hub" and text(home, ".md-content h1") == "test hub"
    assert (site / "en/index.html").is_file() and html_of(site, "en/index.html").css(".commhub-list") == []
    _, rows = search_rows(site / "search" / "vi")
    assert titles[0] in {row[1] for row in rows} and "" not in {row[0] for row in rows}  # no home page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>./</loc>" in sitemap and "<loc>en/</loc>" in sitemap  # generated homes are real pages


def test_links_to_a_generated_home_are_not_broken(tmp_path):
    corpus = Corpus(tmp_path)
    for name in ("index.md", "index.en.md"):
        (tmp_path / "docs" / name).unlink()
    corpus.product("mot")
    corpus.version("mot", "vi", "Một", body="[Trang chủ](../../index.md) · [ទំព័រដើម](../../index.km.md)")
    (tmp_path / "docs/about.md").write_text("---\ntitle: Giới thiệu\n---\n\n[Trang chủ](index.md)\n", encoding="utf-8")
    assert check_content(corpus.content)[1] == []
    site = build_site(tmp_path, strict=True)
    links = {a.attributes["href"] for a in html_of(site, "products/mot/index.html").css(".md-content a")}
    assert {"../../", "../../km/"} <= links
