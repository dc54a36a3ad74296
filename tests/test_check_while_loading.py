"""A whole check is made while the folders load (in the loading processes, from the bytes they read).

It must report exactly what checking after loading reports, whatever the number of processes
and whatever the caches hold; and the load cache written in blocks must read back whole.
"""

from __future__ import annotations

import pickle
import time

import pytest

from commhub.checks import checker as checks_module
from commhub.cache.key import read_blocks, secret
from commhub.content import loader as content_module
from commhub.checks.checker import check_content
from commhub.checks.scope import sorted_problems
from commhub.content.loader import load_content
from commhub.content.reading import sha256_of
from commhub.content.folder_scan import RACY_NS, FolderFiles, folder_signature, read_folder, folder_stat_key
from test_check import clean_corpus, png_bytes


def defects_everywhere(root):
    """The clean corpus, plus products with defects of every kind the checks see in a folder."""
    corpus = clean_corpus(root)
    products = corpus.content / "products"
    # A link to another product's file that its product does not list (judged only once all are loaded),
    # and one to a file it does list.
    (products / "tro-giup-phap-ly" / "bang.png").write_bytes(png_bytes())
    corpus.version("tro-giup-phap-ly", "vi", "Trợ giúp pháp lý miễn phí",
                   body="Ai được?\n\n![Bảng](../quyen-tre-em/ap-phich.png) và ![Bảng](bang.png)\n")
    corpus.product("lien-ket", type="article")
    corpus.version("lien-ket", "vi", "Liên kết",
                   body="Xem ![bảng](../tro-giup-phap-ly/bang.png) và [trang](../khong-co/index.vi.md).\n\n"
                        "<span onclick=\"x()\">Bấm</span>\n")
    # CRLF line endings and a byte order mark; text that is not NFC; a placeholder; a nested folder.
    corpus.product("dong-crlf", type="article")
    path = corpus.version("dong-crlf", "vi", "Dòng CRLF", body="Một.\n\n<script>x</script>\n")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    corpus.product("khong-nfc", type="article")
    corpus.version("khong-nfc", "vi", "Không NFC", body="Tie\u0302\u0301ng Vie\u0323\u0302t.\n\n<!-- commhub: x -->\n")
    (products / "khong-nfc" / "con").mkdir()
    (products / "khong-nfc" / "con" / "ghi-chu.md").write_text("Tie\u0302\u0301ng\n", encoding="utf-8")
    # A product that cannot load (unknown type), whose body is still checked.
    corpus.product("hong", type="bogus")
    corpus.version("hong", "vi", "Hỏng", body="[x](javascript:alert(1))\n")
    return corpus


def shown(problems, root):
    return [(str(problem.path.relative_to(root)) if hasattr(problem.path, "relative_to") else problem.path,
             problem.line, problem.code, problem.params.get("url")) for problem in sorted_problems(problems)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_checking_while_loading_reports_what_checking_after_loading_does(tmp_path, monkeypatch, jobs):
    corpus = defects_everywhere(tmp_path)
    root = corpus.content.resolve()
    # Checking after loading, folder by folder: what `commhub check PATH` does.
    products = sorted(path for path in (root / "products").iterdir())
    _, reference = check_content(root, paths=[root, *products], jobs=1)
    expected = shown(reference, root)
    codes = {code for _, _, code, _ in expected}
    assert {"link_media_not_listed", "link_broken", "html_event_attribute", "html_tag_unsafe", "not_nfc",
            "placeholder_left", "url_unsafe", "value_not_allowed"} <= codes

    # Loading processes at this size too (they start at PARALLEL_FROM folders otherwise).
    monkeypatch.setattr(content_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(checks_module, "PARALLEL_FROM", 2)
    calls = []
    if jobs == 1:  # (a function given to loading processes must be picklable: no wrapper then)
        original = checks_module.check_while_loading
        monkeypatch.setattr(checks_module, "check_while_loading",
                            lambda registries, loaded: calls.append(len(loaded)) or original(registries, loaded))
    cache = tmp_path / "cache"
    _, cold = check_content(root, jobs=jobs, cache_dir=cache)
    assert shown(cold, root) == expected
    assert sum(calls) == (len(products) if jobs == 1 else 0)

    # The listing of every file (the check cache's key) is the same whether the loading processes
    # took it or a walk did: the next run takes every folder's checks from the cache.
    [checks_file] = cache.glob("checks-*.pickle")
    written = checks_file.stat().st_mtime_ns
    _, cached = check_content(root, jobs=jobs, cache_dir=cache)
    assert shown(cached, root) == expected
    assert [path.name for path in cache.glob("checks-*.pickle")] == [checks_file.name]
    assert checks_file.stat().st_mtime_ns == written

    # Load cache kept, check cache gone: the folders are checked after loading.
    checks_file.unlink()
    calls.clear()
    _, warm = check_content(root, jobs=jobs, cache_dir=cache)
    assert sum(calls) == 0 and shown(warm, root) == expected


def test_reading_a_folder_gives_its_signature_and_stat_key(tmp_path):
    corpus = clean_corpus(tmp_path)
    folder = corpus.content / "products" / "quyen-tre-em"
    (folder / "con").mkdir()
    later = time.time_ns() + 10 * RACY_NS
    files = FolderFiles()
    signature, stat_key = read_folder(folder, files, [], later)
    assert signature == folder_signature(folder)
    assert stat_key == folder_stat_key(folder, later) and stat_key is not None
    assert set(files.data) == set(files.sha256) == {"product.yml", "index.vi.md", "index.en.md", "transcript.vi.md",
                                                   "transcript.en.md"}
    assert files.data["index.vi.md"] == (folder / "index.vi.md").read_bytes()
    assert files.sha256["index.vi.md"] == sha256_of(folder / "index.vi.md")
    assert read_folder(folder, stat_at=time.time_ns())[1] is None  # just written: not reliable yet


def test_the_load_cache_appends_a_block_for_reloaded_folders_and_starts_afresh_when_mostly_stale(tmp_path):
    corpus = clean_corpus(tmp_path)
    for number in range(8):
        corpus.product(f"san-pham-{number}", type="article")
        corpus.version(f"san-pham-{number}", "vi", f"Sản phẩm {number}")
    cache = tmp_path / "cache"
    old = time.time_ns() - 10 * RACY_NS
    for path in corpus.content.rglob("*"):  # stat keys are only kept for files not changed just now
        __import__("os").utime(path, ns=(old, old))

    def blocks():
        [path] = cache.glob("content-*.pickle")
        return [len(pickle.loads(block)) for _, block in read_blocks(path, secret())]

    load_content(corpus.content, cache_dir=cache)
    assert blocks() == [10]
    corpus.version("san-pham-3", "vi", "Sản phẩm ba")
    content, _ = load_content(corpus.content, cache_dir=cache)
    assert blocks() == [10, 1]
    again, _ = load_content(corpus.content, cache_dir=cache)
    assert again.products["san-pham-3"].versions["vi"].title == "Sản phẩm ba"
    for number in (4, 5, 6):  # 4 replaced entries of 10 live ones: more than a quarter, so one block again
        corpus.version(f"san-pham-{number}", "vi", f"Sản phẩm mới {number}")
    load_content(corpus.content, cache_dir=cache)
    assert blocks() == [10]
    assert load_content(corpus.content, cache_dir=cache)[0].products["san-pham-6"].versions["vi"].title == \
        "Sản phẩm mới 6"


def test_products_left_in_the_loading_processes_are_read_back_on_first_use(tmp_path, monkeypatch):
    """`commhub check` does not read the loaded products back (`need_products=False`); whoever uses
    `content.products` anyway gets all of them, in folder order."""
    corpus = defects_everywhere(tmp_path)
    root = corpus.content.resolve()
    monkeypatch.setattr(content_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(checks_module, "PARALLEL_FROM", 2)
    eager, eager_problems = check_content(root, jobs=2, cache_dir=tmp_path / "eager")
    lazy, lazy_problems = check_content(root, jobs=2, cache_dir=tmp_path / "lazy", need_products=False)
    assert isinstance(lazy.products, content_module.LoadedProducts)
    assert shown(lazy_problems, root) == shown(eager_problems, root)
    assert "link_media_not_listed" in {problem.code for problem in lazy_problems}  # needed products: read back
    assert list(lazy.products) == list(eager.products) and dict(lazy.products) == eager.products
    assert lazy.products["quyen-tre-em"].original.title == "Quyền trẻ em" and "hong" not in lazy.products
    # The cache the lazy run wrote holds the products.
    cached, _ = load_content(root, cache_dir=tmp_path / "lazy")
    assert cached.products == eager.products
