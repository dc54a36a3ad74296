"""The search index's files: what the browser (src/commhub/site/theme/assets/javascripts/commhub-search.js) reads."""

from __future__ import annotations

import json

from commhub.outputs.search import DOCS_PER_FILE, FORMAT, SHARDS, SearchDoc, WordSplitter, shard_of, write_index
from helpers import search_rows

TITLES = ["Đồng bào", "Anh chị", "Ăn uống", "Bình đẳng", "Dân tộc", "An toàn", "Ấp", "Bảo vệ"]
VI_ORDER = ["An toàn", "Anh chị", "Ăn uống", "Ấp", "Bảo vệ", "Bình đẳng", "Dân tộc", "Đồng bào"]


def docs(count: int, lang: str = "vi") -> list[SearchDoc]:
    """`count` documents, each with one word of its own ("w<n>x") and one they all share ("chung"),
    titles of equal length in another order than their numbers."""
    return [SearchDoc(lang, f"products/p{number:05d}/", f"Bài {number * 7919 % 100_003:06d}",
                      f"Tóm tắt {number:05d}.", f"w{number}x chung", "Bài viết") for number in range(count)]


def write(tmp_path, documents: list[SearchDoc], lang: str = "vi"):
    splitter = WordSplitter()
    sizes = write_index([(doc, splitter.terms(doc)) for doc in reversed(documents)], tmp_path, [lang])
    folder = tmp_path / "search" / lang
    return (sizes, folder, *search_rows(folder))


def postings(folder, key: str) -> list[int]:
    shard = json.loads((folder / f"{shard_of(key)}.json").read_bytes())
    return [doc for doc, _score in shard[key]["p"]]


def test_header_names_the_layout(tmp_path):
    _, _, header, rows = write(tmp_path, docs(3))
    assert header == {"format": FORMAT, "shards": SHARDS, "per_file": DOCS_PER_FILE, "count": 3}
    assert [len(row) for row in rows] == [5, 5, 5]  # address, title, summary, label, language


def test_documents_are_numbered_in_the_language_s_title_order(tmp_path):
    """Equal scores rank in document order: Vietnamese order puts A, Ă, Â, then B, ..., D, Đ."""
    documents = [SearchDoc("vi", f"products/{index}/", title, "", "chung", "Bài viết")
                 for index, title in enumerate(TITLES)]
    _, folder, _, rows = write(tmp_path, documents)
    assert [row[1] for row in rows] == VI_ORDER
    assert postings(folder, "chung") == list(range(len(TITLES)))


def test_each_posting_points_at_its_document_s_row_across_files(tmp_path):
    count = 2 * DOCS_PER_FILE + 5
    sizes, folder, header, rows = write(tmp_path, docs(count))
    files = sorted(folder.glob("d[0-9]*.json"))
    assert len(files) == 3 and header["count"] == len(rows) == count
    assert [len(json.loads(path.read_bytes())) for path in sorted(files, key=lambda p: int(p.stem[1:]))] == [
        DOCS_PER_FILE, DOCS_PER_FILE, 5]
    for number in range(count):
        (doc,) = postings(folder, f"w{number}x")
        assert rows[doc][0] == f"products/p{number:05d}/", (number, doc, rows[doc])
    assert sorted(postings(folder, "chung")) == list(range(count))
    assert sizes == {"vi": sum(path.stat().st_size for path in folder.iterdir())}


def test_no_file_grows_with_the_number_of_documents_but_the_shards(tmp_path):
    """What a first query fetches besides its shards (the header and at most ten files of rows) stays
    the same size at 100 and at 2,000 documents."""
    small, large = tmp_path / "small", tmp_path / "large"
    _, small_folder, _, _ = write(small, docs(100))
    _, large_folder, _, _ = write(large, docs(2000))
    header = (large_folder / "docs.json").read_text()
    assert header == (small_folder / "docs.json").read_text().replace('"count":100', '"count":2000')
    sizes = {folder: {path.stat().st_size for path in folder.glob("d[0-9]*.json")}
             for folder in (small_folder, large_folder)}
    assert max(sizes[large_folder]) == max(sizes[small_folder])  # rows of equal length: full files alike


def test_a_language_without_documents_has_an_empty_index(tmp_path):
    write_index([], tmp_path, ["km"])
    assert json.loads((tmp_path / "search" / "km" / "docs.json").read_bytes())["count"] == 0
    assert not list((tmp_path / "search" / "km").glob("d[0-9]*.json"))
