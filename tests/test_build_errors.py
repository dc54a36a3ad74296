"""Bad content stops the build with a message naming the file, the line and what is allowed."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import Abort, PluginError

from helpers import Corpus, build_site


@pytest.fixture
def corpus(tmp_path) -> Corpus:
    corpus = Corpus(tmp_path)
    corpus.product("mot")
    corpus.version("mot", "vi", "Một")
    return corpus


def build_errors(corpus: Corpus) -> list[str]:
    with pytest.raises(Abort) as raised:
        build_site(corpus.root)
    error = raised.value.__context__  # MkDocs reports the plugin's error, then aborts
    assert isinstance(error, PluginError)
    lines = str(error).splitlines()
    assert lines[0].startswith("commhub phát hiện"), lines[0]
    return lines[1:]


def test_malformed_product_yml(corpus):
    corpus.write("products/mot/product.yml", "type: article\ntopics: [legal-aid\nunit: so-tu-phap\n")
    [error] = build_errors(corpus)
    assert error.startswith("content/products/mot/product.yml:3: lỗi cú pháp YAML")


def test_malformed_front_matter(corpus):
    corpus.write("products/mot/index.vi.md", "---\ntitle: Một\nsummary: [chưa đóng\n---\n\nNội dung.\n")
    [error] = build_errors(corpus)
    assert error.startswith("content/products/mot/index.vi.md:4: lỗi cú pháp YAML"), error


def test_missing_required_field(corpus):
    corpus.product("mot", unit=None)
    assert build_errors(corpus) == [
        "content/products/mot/product.yml:1: thiếu trường bắt buộc 'unit'. Hãy bổ sung."
    ]


@pytest.mark.parametrize(
    ("field", "value", "line", "expected"),
    [
        ("type", "podcast", 1, "'type': giá trị 'podcast' không được phép. Các giá trị được phép: article, news, "
                               "infographic, video, audio, leaflet, poster, handbook, qa."),
        ("unit", "so-tu-phapp", 4, "'unit': không có đơn vị 'so-tu-phapp' — có phải bạn định viết 'so-tu-phap'? "
                                   "Các mã đã khai báo trong units.yml: hoi-lhpn, so-tu-phap."),
        ("original_language", "lo", 8, "'original_language': 'lo' không phải ngôn ngữ đã khai báo trong "
                                       "languages.yml (đã khai báo: en, hmn, km, vi). Hãy sửa mã, khai báo ngôn "
                                       "ngữ này (`commhub language add lo --name … --group …`), hoặc xóa mọi nội "
                                       "dung bằng ngôn ngữ này: `commhub language remove lo` (thêm `--archive DIR` "
                                       "thì các tệp được chuyển vào thư mục DIR thay vì bị xóa)."),
    ],
)
def test_unknown_type_unit_language(corpus, field, value, line, expected):
    corpus.product("mot", **{field: value})
    errors = build_errors(corpus)
    assert f"content/products/mot/product.yml:{line}: {expected}" in errors


def test_unknown_topic_and_channel_name_their_line(corpus):
    corpus.write("products/mot/product.yml",
                 "type: article\ntopics:\n  - legal-aid\n  - votng\nunit: so-tu-phap\nchannels: [website, zalo]\n"
                 "published: 2024-01-02\noriginal_language: vi\nstatus: published\n")
    errors = build_errors(corpus)
    assert errors == [
        "content/products/mot/product.yml:4: 'topics': không có chủ đề 'votng'. "
        "Các mã đã khai báo trong topics.yml: childrens-rights, legal-aid.",
        "content/products/mot/product.yml:6: 'channels': không có kênh 'zalo'. "
        "Các mã đã khai báo trong channels.yml: facebook, print, radio, website.",
    ]


def test_second_default_language(corpus):
    corpus.write("languages.yml",
                 "languages:\n  - {code: vi, name: Tiếng Việt, group: national, default: true}\n"
                 "  - {code: en, name: English, group: foreign, default: true}\n")
    errors = build_errors(corpus)
    assert "content/languages.yml:3: phải có đúng một ngôn ngữ ghi 'default: true'; hiện có 2 (dòng 2, 3)." in errors


def test_index_without_language_suffix(corpus):
    corpus.write("products/mot/index.md", "---\ntitle: Một\nsummary: x\n---\n")
    assert build_errors(corpus) == [
        "content/products/mot/index.md: tên tệp chưa ghi ngôn ngữ: hãy đổi thành index.<ngôn-ngữ>.md, ví dụ index.vi.md."
    ]


def test_suffix_that_is_not_a_declared_language(corpus):
    corpus.write("products/mot/index.fr.md", "---\ntitle: Un\nsummary: x\n---\n")
    assert build_errors(corpus) == [
        "content/products/mot/index.fr.md: 'index.fr.md': 'fr' không phải ngôn ngữ đã khai báo trong languages.yml "
        "(đã khai báo: vi, km, hmn, en). Hãy đổi tên tệp, khai báo ngôn ngữ này (`commhub language add fr --name … "
        "--group …`), hoặc xóa mọi nội dung bằng ngôn ngữ này: `commhub language remove fr` (thêm `--archive DIR` "
        "thì các tệp được chuyển vào thư mục DIR thay vì bị xóa)."
    ]


def test_every_problem_is_reported_in_one_run(corpus):
    corpus.product("hai", type="blog")
    corpus.version("hai", "vi", "Hai", published="06/05/2024")
    corpus.write("products/ba/index.md", "Không có gì.\n")
    errors = build_errors(corpus)
    assert errors == [
        "content/products/ba/index.md: tên tệp chưa ghi ngôn ngữ: hãy đổi thành index.<ngôn-ngữ>.md, ví dụ index.vi.md.",
        "content/products/ba/product.yml: thiếu thông tin chung của sản phẩm (type, topics, unit, channels, "
        "published, original_language, status). Hãy viết chúng trong product.yml, hoặc ở phần đầu (giữa hai "
        "dòng ---) của index.vi.md; xem CONTRIBUTING.md.",
        "content/products/hai/index.vi.md:4: 'published': '06/05/2024' đang viết theo kiểu ngày/tháng/năm; "
        "hãy viết là 2024-05-06 (YYYY-MM-DD).",
        "content/products/hai/product.yml:1: 'type': giá trị 'blog' không được phép. Các giá trị được phép: article, "
        "news, infographic, video, audio, leaflet, poster, handbook, qa.",
    ]


def test_symlink_out_of_content_is_refused(corpus, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publication", encoding="utf-8")
    (corpus.content / "products" / "mot" / "leak.png").symlink_to(secret)
    (corpus.content / "products" / "hai").symlink_to(tmp_path)
    errors = build_errors(corpus)
    assert errors == [
        "content/products/hai: 'hai' là liên kết tượng trưng (symlink); nội dung phải là tệp thật nằm trong "
        "content/. Hãy thay liên kết bằng chính tệp đó.",
        "content/products/mot/leak.png: 'leak.png' là liên kết tượng trưng (symlink); nội dung phải là tệp thật "
        "nằm trong content/. Hãy thay liên kết bằng chính tệp đó.",
    ]


def test_control_character_in_a_name_is_refused(corpus):
    corpus.write("products/mot/a\x1bb.png", "x")
    assert build_errors(corpus) == [
        "content/products/mot: tên 'a\\x1bb.png' chứa ký tự điều khiển; hãy đặt lại tên chỉ gồm chữ, số và dấu gạch ngang."
    ]
