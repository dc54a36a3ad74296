"""Search in every language, typed into the real search box in headless chromium (issue 5, "Search").

The search UI's contract (the lead's, src/commhub/site/theme/ + src/commhub/outputs/search.py):
- each language has a search page at <prefix>search/, which also accepts ?q=…;
- <input id="commhub-search-input" type="search">, a checkbox #commhub-search-all that widens the
  search to every language, a live status #commhub-search-status;
- results as the reader types: `#commhub-search-results li a`, each linking to the product page, with
  the `hreflang` of the result's language.
Queries and the pages they must find come from the tests' hub (tests/hubfactory.py); each test first
checks that the hub still holds what it relies on, so an edit of the hub fails with a clear message.
"""

from __future__ import annotations

import os
import re
import unicodedata
from urllib.parse import quote

import pytest

from . import sample
from .sample import codes, prefix, product_path, products

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect
except ImportError:  # conftest's `browser` fixture skips locally and fails under CI
    if os.environ.get("CI", "").lower() in ("true", "1"):
        raise
    pytest.skip("Playwright is not installed", allow_module_level=True)

INPUT = "#commhub-search-input"
ALL = "#commhub-search-all"
STATUS = "#commhub-search-status"
RESULTS = "#commhub-search-results li a"
MORE = "#commhub-search-more"
PAGE_SIZE = 10  # results shown at first, and added by each press of MORE

# Results are "settled" once the list, the query and the status have stayed the same for SETTLE
# consecutive polls (POLL ms apart) and hold what the test waits for. This only synchronises with
# search-as-you-type; no test asserts how long anything took.
POLL = 100
SETTLE = 5
SETTLED_JS = """([results, input, status, must, otherThan, settle]) => {
    const links = [...document.querySelectorAll(results)].map(a => [a.href, a.hreflang || ""]);
    const value = (document.querySelector(input) || {}).value;
    const said = (document.querySelector(status) || {}).textContent;
    const key = JSON.stringify([links, value, said]);
    const state = window.__commhubSettle || (window.__commhubSettle = {key: null, same: 0});
    if (state.key === key) state.same += 1; else { state.key = key; state.same = 0; }
    const hrefs = links.map(([href]) => href);
    return state.same >= settle && links.length > 0
        && must.every(url => hrefs.some(href => href.split("#")[0] === url))
        && (!otherThan || links.some(([, lang]) => lang !== otherThan));
}"""


def search_url(site_url: str, lang: str) -> str:
    return f"{site_url}{prefix(lang)}search/"


def results(page) -> list[tuple[str, str]]:
    """(href without fragment, hreflang) of each result, in order."""
    return [(href.split("#")[0], lang) for href, lang in page.eval_on_selector_all(
        RESULTS, "links => links.map(a => [a.href, a.hreflang || ''])")]


def settled(page, must=(), other_than: str | None = None, what: str = "") -> list[tuple[str, str]]:
    """Wait until the results settle and include every URL of `must` (and, with `other_than`, a
    result in another language); return them. On time-out, fail with what the page shows."""
    page.evaluate("window.__commhubSettle = null")
    try:
        page.wait_for_function(SETTLED_JS, arg=[RESULTS, INPUT, STATUS, list(must), other_than, SETTLE],
                               polling=POLL, timeout=15_000)
    except PlaywrightError:
        status = page.locator(STATUS).first.text_content() if page.locator(STATUS).count() else None
        shown = "\n  ".join(f"{lang} {href}" for href, lang in results(page)) or "(none)"
        pytest.fail(f"{what or 'search'} on {page.url}: expected results including {list(must)}"
                    f"{f' and one not in {other_than}' if other_than else ''}; status {status!r}; "
                    f"results:\n  {shown}", pytrace=False)
    return results(page)


def show_all(page) -> list[tuple[str, str]]:
    """Press "more results" until every result is shown; return them."""
    more = page.locator(MORE)
    while more.is_visible():
        count = page.locator(RESULTS).count()
        more.click()
        page.wait_for_function("([selector, count]) => document.querySelectorAll(selector).length > count",
                               arg=[RESULTS, count], timeout=15_000)
    return results(page)


def open_search(page, site_url: str, lang: str):
    response = page.goto(search_url(site_url, lang))
    assert response is not None and response.ok, f"{page.url}: HTTP {response and response.status}"
    expect(page.locator(INPUT)).to_be_visible()


def type_query(page, query: str):
    box = page.locator(INPUT)
    box.click()
    box.press_sequentially(query)


def search(page, site_url: str, lang: str, query: str, must=(), what: str = ""):
    open_search(page, site_url, lang)
    type_query(page, query)
    return settled(page, must, what=what or f"{lang} search for {query!r}")


def url_of(site_url: str, lang: str, slug: str) -> str:
    return site_url + product_path(lang, slug)


def text_of(version: dict) -> str:
    """A version's readable text: title, summary and body, without Markdown link targets."""
    body = re.sub(r"\]\([^)]*\)", "]", version["body"])
    return unicodedata.normalize("NFC", " ".join([version.get("title", ""), version.get("summary", ""), body]))


def fold(word: str) -> str:
    word = unicodedata.normalize("NFC", word).lower().replace("đ", "d")
    return "".join(char for char in unicodedata.normalize("NFD", word) if not unicodedata.combining(char))


def vi_words(slug: str) -> list[str]:
    return re.findall(r"\w+", text_of(products()[slug].versions["vi"]).lower())


def need(condition: bool, message: str):
    """A precondition on the fixture hub, not on the search."""
    assert condition, f"fixture hub changed: {message}"


# --- the page ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", codes())
def test_search_page_in_every_language(page, site_url, axe, lang):
    open_search(page, site_url, lang)
    assert page.locator("html").get_attribute("lang") == lang
    expect(page.locator(INPUT)).to_have_attribute("type", "search")
    expect(page.locator(ALL)).to_have_attribute("type", "checkbox")
    expect(page.locator(ALL)).not_to_be_checked()
    status = page.locator(STATUS)
    expect(status).to_have_count(1)
    live = status.get_attribute("aria-live") or {"status": "polite", "alert": "assertive"}.get(
        status.get_attribute("role") or "")
    assert live in ("polite", "assertive"), "the search status must be announced (aria-live or role=status)"
    violations = axe.serious(page)
    assert not violations, axe.report(violations, page.url)


@pytest.mark.parametrize("lang", codes())
def test_a_title_finds_its_product(page, site_url, lang):
    """Every declared language's search works, 2- or 3-letter code, with or without a Material UI file."""
    product = sample.product_in(lang)
    title = product.versions[lang]["title"]
    found = search(page, site_url, lang, title, must=[url_of(site_url, lang, product.slug)])
    assert all(hreflang == lang for _, hreflang in found), f"{lang} search returned other languages: {found}"


def test_the_query_can_come_from_the_address(page, site_url):
    slug = "quyen-tre-em"
    need("vi" in products().get(slug).versions, f"{slug} has no vi version")
    page.goto(search_url(site_url, "vi") + "?q=" + quote("quyen tre em"))
    expect(page.locator(INPUT)).to_have_value("quyen tre em")
    settled(page, [url_of(site_url, "vi", slug)], what="?q=quyen tre em")


# --- Vietnamese -------------------------------------------------------------------------------------

def test_vi_with_or_without_diacritics(page, site_url):
    slug = "quyen-tre-em"
    need(products()[slug].versions["vi"]["title"].startswith("Quyền trẻ em"), f"{slug}'s title")
    expected = url_of(site_url, "vi", slug)
    search(page, site_url, "vi", "quyền trẻ em", [expected])
    exact = show_all(page)
    search(page, site_url, "vi", "quyen tre em", [expected])
    bare = show_all(page)
    assert exact[0][0] == expected, f"typed with diacritics, the exact title should rank first: {exact}"
    assert {href for href, _ in exact} == {href for href, _ in bare}, (
        f"the same results with or without diacritics:\n with: {exact}\n without: {bare}")


@pytest.mark.parametrize("query", ["tảo", "tạo"])
def test_vi_exact_diacritics_rank_first(page, site_url, query):
    """"tảo" (early: tảo hôn, child marriage) and "tạo" (to create) both fold to "tao": each finds the
    other's pages too, but pages with the exact word typed come first."""
    exact = {slug for slug, p in products().items() if "vi" in p.versions and query in vi_words(slug)}
    folded = {slug for slug, p in products().items()
              if "vi" in p.versions and slug not in exact and fold(query) in map(fold, vi_words(slug))}
    need(exact and folded, f"pages with {query!r} ({exact}) and with another word folding to it ({folded})")
    search(page, site_url, "vi", query)
    found = show_all(page)
    rank = {href: index for index, (href, _) in enumerate(found)}
    missing = sorted(slug for slug in exact | folded if url_of(site_url, "vi", slug) not in rank)
    assert not missing, f"{query!r} did not find {missing}: {found}"
    last_exact = max(rank[url_of(site_url, "vi", slug)] for slug in exact)
    first_folded = min(rank[url_of(site_url, "vi", slug)] for slug in folded)
    assert last_exact < first_folded, (
        f"{query!r}: every page with the exact word ({sorted(exact)}) should rank before the pages that only "
        f"match without diacritics ({sorted(folded)}); got:\n  " + "\n  ".join(href for href, _ in found))


@pytest.mark.parametrize("query, slug, word", [
    ("dang ky", "hoi-dap-ve-dang-ky-khai-sinh", "đăng ký"),
    ("binh dang", "binh-dang-gioi-trong-gia-dinh", "bình đẳng"),
])
def test_vi_d_is_folded_to_d(page, site_url, query, slug, word):
    need(word in text_of(products()[slug].versions["vi"]).lower(), f"{slug} no longer says {word!r}")
    search(page, site_url, "vi", query, [url_of(site_url, "vi", slug)])


def test_vi_nfd_input_finds_the_same_as_nfc(page, site_url):
    nfc = unicodedata.normalize("NFC", "quyền trẻ em")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    expected = url_of(site_url, "vi", "quyen-tre-em")
    typed = search(page, site_url, "vi", nfc, [expected])
    open_search(page, site_url, "vi")
    # Some keyboards and pastes give decomposed text: set it as such, then tell the page.
    page.eval_on_selector(INPUT, """(box, value) => {
        box.focus(); box.value = value; box.dispatchEvent(new Event("input", {bubbles: true}));
    }""", nfd)
    decomposed = settled(page, [expected], what="NFD query")
    assert decomposed == typed, f"NFD input: {decomposed}\nNFC input: {typed}"


# --- Khmer, Chinese, English, French ----------------------------------------------------------------

KHMER_LETTER = re.compile(r"[\u1780-\u17d3]")


@pytest.mark.parametrize("word, slug", [
    ("អនុសញ្ញា", "quyen-tre-em"),  # "convention", inside "…សច្ចាប័នលើអនុសញ្ញាអង្គការសហប្រជាជាតិ…"
    ("ជំនួយផ្នែកច្បាប់", "tro-giup-phap-ly-cho-dong-bao-khmer"),  # "legal aid", inside a sentence
])
def test_km_word_inside_a_sentence(page, site_url, word, slug):
    body = products()[slug].versions["km"]["body"]
    inside = [m for m in re.finditer(re.escape(word), body)
              if m.start() > 0 and m.end() < len(body)
              and KHMER_LETTER.match(body[m.start() - 1]) and KHMER_LETTER.match(body[m.end()])]
    need(inside, f"{word} is no longer written inside a Khmer sentence of {slug}")
    found = search(page, site_url, "km", word, [url_of(site_url, "km", slug)])
    assert all(lang == "km" for _, lang in found), found


@pytest.mark.parametrize("lang, query, slug", [
    ("zh", "法律援助", "tro-giup-phap-ly-mien-phi"),
    ("en", "ballot", "bon-buoc-bo-phieu"),
    ("fr", "aide juridique", "tro-giup-phap-ly-mien-phi"),
])
def test_word_finds_its_page(page, site_url, lang, query, slug):
    need(query in products()[slug].versions[lang]["body"], f"{slug}'s {lang} body no longer has {query!r}")
    search(page, site_url, lang, query, [url_of(site_url, lang, slug)])


# --- many results -----------------------------------------------------------------------------------

def test_many_results_come_ten_at_a_time(page, site_url, axe):
    """The first ten results are shown; "more results" adds ten each time, moves the focus to the first
    one added, and goes away when all are shown. Every result is shown once, best first."""
    query = "va"  # "và" (and), folded: in nearly every Vietnamese text
    with_word = [slug for slug, p in products().items() if "vi" in p.versions and "và" in vi_words(slug)]
    need(len(with_word) > PAGE_SIZE, f"more than {PAGE_SIZE} vi products say 'và' ({len(with_word)})")
    first = search(page, site_url, "vi", query)
    count = int(re.search(r"\d+", page.locator(STATUS).text_content()).group())
    assert count >= len(with_word), f"status says {count} results; {len(with_word)} products say 'và'"
    assert len(first) == PAGE_SIZE, f"{len(first)} results shown at first, of {count}"
    more = page.locator(MORE)
    expect(more).to_be_visible()
    assert more.text_content().strip(), "the button needs a text"
    violations = axe.serious(page)
    assert not violations, axe.report(violations, page.url)

    shown = first
    while len(shown) < count:
        more.click()
        expect(page.locator(RESULTS)).to_have_count(min(len(shown) + PAGE_SIZE, count))
        focused = page.evaluate("document.activeElement && document.activeElement.href")
        assert focused and focused.split("#")[0] == results(page)[len(shown)][0], (
            f"after 'more', the focus should be on result {len(shown) + 1}, not {focused}")
        assert results(page)[:len(shown)] == shown, "earlier results must stay as they were"
        shown = results(page)
    expect(more).to_be_hidden()
    assert len({href for href, _ in shown}) == count, f"a result shown twice: {shown}"
    for slug in with_word:
        assert url_of(site_url, "vi", slug) in {href for href, _ in shown}, f"{slug} says 'và' but is not found"


# --- languages, and when the index is fetched -------------------------------------------------------

def test_km_search_stays_in_khmer_unless_widened(page, site_url):
    """"111" (the child-protection hotline) is in Khmer pages and in pages of other languages."""
    query = "111"
    in_km = sorted(slug for slug, p in products().items() if "km" in p.versions and query in p.versions["km"]["body"])
    elsewhere = sorted(slug for slug, p in products().items()
                       if any(query in v["body"] for lang, v in p.versions.items() if lang != "km"))
    need(in_km and elsewhere, f"{query} in km pages ({in_km}) and in other languages ({elsewhere})")
    km_urls = [url_of(site_url, "km", slug) for slug in in_km]
    found = search(page, site_url, "km", query, km_urls)
    assert all(lang == "km" for _, lang in found), f"/km/ search shows other languages: {found}"
    assert all(href.startswith(site_url + "km/") for href, _ in found), found

    page.locator(ALL).check()
    settled(page, other_than="km", what="widened search")
    widened = show_all(page)
    assert set(km_urls) <= {href for href, _ in widened}, f"widened search lost Khmer results: {widened}"
    assert {lang for _, lang in widened} > {"km"}, widened
    for href, lang in widened:
        assert href.startswith(site_url + prefix(lang)), f"{href} is not a {lang} page (hreflang={lang})"


def test_index_is_fetched_only_when_searching(fresh_page_log, site_url):
    page = fresh_page_log.page
    for lang in codes():
        page.goto(site_url + prefix(lang))
        page.wait_for_load_state("networkidle")
    early = [url for url in fresh_page_log.urls if "/search/" in url]
    assert not early, "home pages fetched search files:\n" + "\n".join(early)

    seen = len(fresh_page_log.requests)
    open_search(page, site_url, "vi")
    type_query(page, "quyen tre em")
    settled(page, [url_of(site_url, "vi", "quyen-tre-em")])
    index = [request.url for request in fresh_page_log.requests[seen:]
             if "/search/" in request.url and request.resource_type != "document"]
    assert index, "searching fetched no index file under /search/"
