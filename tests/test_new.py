"""`commhub new`: what it writes, what it refuses, and that its output passes `commhub check` once filled."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from click.testing import CliRunner

from commhub.cli.main import main
from commhub.content.reading import sha256_of
from commhub.scaffold.new import suggest_slug
from helpers import Corpus


def commhub(root: Path, *args: str) -> tuple[int, list[str]]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()


def corpus_with_product(root: Path) -> Corpus:
    corpus = Corpus(root)
    corpus.product("quyen-tre-em")
    corpus.version("quyen-tre-em", "vi", "Quyền trẻ em", body="Trẻ em có quyền được học tập.")
    return corpus


def fill(path: Path, *replacements: tuple[str, str]) -> None:
    """Fill placeholders the way an editor would, and delete the `<!-- commhub:` instruction line."""
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, (path, old)
        text = text.replace(old, new, 1)
    text = re.sub(r"(?m)^<!-- commhub:.*-->\n", "", text)
    path.write_text(text, encoding="utf-8")


PRODUCT = "content/products/dang-ky-khai-sinh"


def test_new_product_files(tmp_path):
    Corpus(tmp_path)
    code, lines = commhub(tmp_path, "new", "--title", "Đăng ký khai sinh", "--type", "video", "--lang", "vi")
    assert code == 0
    assert lines == [
        f"Đã tạo {PRODUCT}/product.yml",
        f"Đã tạo {PRODUCT}/index.vi.md",
        f"Đã tạo {PRODUCT}/transcript.vi.md",  # a video's: what it says, for readers who cannot hear it
        "Tiếp theo: điền các chỗ còn trống theo ghi chú sau dấu #, viết nội dung, rồi chạy "
        f"`commhub check {PRODUCT}` cho đến khi hết lỗi.",
    ]
    assert (tmp_path / PRODUCT / "transcript.vi.md").read_text(encoding="utf-8") == (
        "<!-- commhub: Ghi lại lời nói trong âm thanh hoặc video ở đây (bản ghi lời, cho người không nghe được), "
        "rồi xóa dòng này. -->\n")
    today = dt.date.today().isoformat()
    assert (tmp_path / PRODUCT / "product.yml").read_text(encoding="utf-8") == (
        "# Tạo bằng `commhub new`. Điền các chỗ còn trống theo ghi chú sau dấu #, rồi chạy `commhub check`.\n"
        "type: video  # loại sản phẩm: article, news, infographic, video, audio, leaflet, poster, handbook, qa\n"
        "topics: []  # một hoặc vài chủ đề, ví dụ [childrens-rights]. Các mã: childrens-rights, legal-aid\n"
        'unit: ""  # đơn vị thực hiện. Các mã: hoi-lhpn, so-tu-phap\n'
        "channels: []  # các kênh phát hành, ví dụ [website, facebook]. Các mã: website, facebook, radio, print\n"
        f"published: {today}  # ngày đăng, dạng năm-tháng-ngày (YYYY-MM-DD)\n"
        "original_language: vi  # ngôn ngữ của bản gốc\n"
        "status: published  # published = đăng lên trang; draft = bản nháp, chưa đăng\n"
        "# Ảnh, âm thanh, video, tài liệu (không bắt buộc): bỏ dấu # ở các dòng dưới và sửa lại.\n"
        "# media:\n"
        "#   - file: anh-minh-hoa.png\n"
        "#     kind: image\n"
        "#     alt:\n"
        "#       vi: Mô tả ngắn nội dung ảnh\n"
    )
    assert (tmp_path / PRODUCT / "index.vi.md").read_text(encoding="utf-8") == (
        "---\n"
        'title: "Đăng ký khai sinh"  # tên sản phẩm\n'
        'summary: ""  # tóm tắt 1–2 câu, tối đa 300 ký tự\n'
        "---\n"
        "\n"
        "<!-- commhub: Viết nội dung sản phẩm bằng Markdown ở đây, rồi xóa dòng này. -->\n"
    )


def test_unfilled_product_fails_check_then_passes_once_filled(tmp_path):
    Corpus(tmp_path)
    commhub(tmp_path, "new", "--title", "Đăng ký khai sinh", "--type", "video", "--lang", "vi")
    code, lines = commhub(tmp_path, "check")
    assert code == 1
    assert lines == [
        f"{PRODUCT}/index.vi.md:3: 'summary' phải là một đoạn chữ, không được để trống.",
        f"{PRODUCT}/index.vi.md:6: tệp còn dòng hướng dẫn do `commhub new` tạo ra (bắt đầu bằng '<!-- commhub:'). "
        "Hãy viết nội dung rồi xóa dòng hướng dẫn đó.",
        f"{PRODUCT}/product.yml:3: 'topics' phải là danh sách mã, ví dụ [website, facebook].",
        f"{PRODUCT}/product.yml:4: 'unit': không có đơn vị ''. Các mã đã khai báo trong units.yml: hoi-lhpn, so-tu-phap.",
        f"{PRODUCT}/product.yml:5: 'channels' phải là danh sách mã, ví dụ [website, facebook].",
        f"{PRODUCT}/transcript.vi.md:1: tệp còn dòng hướng dẫn do `commhub new` tạo ra (bắt đầu bằng '<!-- commhub:'). "
        "Hãy viết nội dung rồi xóa dòng hướng dẫn đó.",
        "6 lỗi, 0 cảnh báo",
    ]
    fill(tmp_path / PRODUCT / "product.yml",
         ("topics: []", "topics: [legal-aid]"), ('unit: ""', "unit: so-tu-phap"), ("channels: []", "channels: [radio]"))
    fill(tmp_path / PRODUCT / "index.vi.md", ('summary: ""', 'summary: "Cách đăng ký khai sinh cho con."'))
    (tmp_path / PRODUCT / "index.vi.md").write_text(
        (tmp_path / PRODUCT / "index.vi.md").read_text(encoding="utf-8") + "Cha mẹ đăng ký khai sinh cho con.\n",
        encoding="utf-8")
    (tmp_path / PRODUCT / "transcript.vi.md").write_text("Người dẫn: cha mẹ đăng ký khai sinh cho con.\n",
                                                         encoding="utf-8")
    assert commhub(tmp_path, "check") == (0, ["0 lỗi, 0 cảnh báo"])


def test_each_placeholder_alone_fails_check(tmp_path):
    """Filling all but one placeholder still fails: an unfinished product can never be published."""
    placeholders = {
        "topics": ("product.yml", ("topics: []", "topics: [legal-aid]")),
        "unit": ("product.yml", ('unit: ""', "unit: so-tu-phap")),
        "channels": ("product.yml", ("channels: []", "channels: [radio]")),
        "summary": ("index.vi.md", ('summary: ""', 'summary: "Tóm tắt."')),
    }
    for left in [*placeholders, "body"]:
        root = tmp_path / left
        Corpus(root)
        commhub(root, "new", "--title", "Đăng ký khai sinh", "--type", "news", "--lang", "vi")
        for name, (file, replacement) in placeholders.items():
            if name != left:
                path = root / PRODUCT / file
                path.write_text(path.read_text(encoding="utf-8").replace(*replacement), encoding="utf-8")
        if left != "body":
            fill(root / PRODUCT / "index.vi.md")
        code, lines = commhub(root, "check")
        assert code == 1 and lines[-1] == "1 lỗi, 0 cảnh báo", (left, lines)


def test_unit_option_fills_the_unit(tmp_path):
    Corpus(tmp_path)
    commhub(tmp_path, "new", "--title", "Hỏi đáp", "--type", "qa", "--lang", "vi", "--unit", "hoi-lhpn")
    assert "\nunit: hoi-lhpn  # " in (tmp_path / "content/products/hoi-dap/product.yml").read_text(encoding="utf-8")


def test_slug_from_title_folds_vietnamese():
    from commhub.content.names import slugify

    assert slugify("Quyền trẻ em") == "quyen-tre-em"
    assert slugify("Đường dây nóng 111 – Đồng bào dân tộc") == "duong-day-nong-111-dong-bao-dan-toc"


def test_taken_slug_is_refused_with_a_suggestion(tmp_path):
    corpus = corpus_with_product(tmp_path)
    before = sorted(path.name for path in (corpus.content / "products").iterdir())
    code, lines = commhub(tmp_path, "new", "--title", "Quyền trẻ em", "--type", "video", "--lang", "vi")
    assert (code, lines) == (1, ["tên thư mục 'quyen-tre-em' đã có sản phẩm dùng. Hãy chọn tên khác bằng --slug, "
                                 "ví dụ --slug quyen-tre-em-2."])
    assert sorted(path.name for path in (corpus.content / "products").iterdir()) == before
    assert suggest_slug("quyen-tre-em", {"quyen-tre-em", "quyen-tre-em-2"}) == "quyen-tre-em-3"
    code, _ = commhub(tmp_path, "new", "--title", "Quyền trẻ em", "--type", "video", "--lang", "vi",
                      "--slug", "quyen-tre-em-2")
    assert code == 0 and (corpus.content / "products/quyen-tre-em-2/index.vi.md").is_file()


def test_malformed_slug_is_refused_with_a_suggestion(tmp_path):
    Corpus(tmp_path)
    assert commhub(tmp_path, "new", "--title", "Quyền trẻ em", "--type", "video", "--lang", "vi",
                   "--slug", "Quyền_Trẻ_Em") == (
        1, ["tên thư mục 'Quyền_Trẻ_Em' không hợp lệ: chỉ dùng chữ thường a–z, chữ số và dấu gạch ngang. "
            "Ví dụ: --slug quyen-tre-em."])
    assert commhub(tmp_path, "new", "--title", "សិទ្ធិកុមារ", "--type", "video", "--lang", "km") == (
        1, ["không tạo được tên thư mục từ tiêu đề 'សិទ្ធិកុមារ' (tiêu đề không có chữ cái Latinh). Hãy đặt tên "
            "bằng --slug, ví dụ --slug quyen-tre-em."])
    code, _ = commhub(tmp_path, "new", "--title", "សិទ្ធិកុមារ", "--type", "video", "--lang", "km",
                      "--slug", "quyen-tre-em")
    assert code == 0
    assert 'title: "សិទ្ធិកុមារ"' in (tmp_path / "content/products/quyen-tre-em/index.km.md").read_text(encoding="utf-8")
    assert not (tmp_path / "content/products/quyen-tre-em/index.vi.md").exists()


def test_bad_options_are_refused(tmp_path):
    Corpus(tmp_path)
    assert commhub(tmp_path, "new", "--title", "A", "--type", "video", "--lang", "de") == (
        1, ["'de' không phải ngôn ngữ đã khai báo trong languages.yml. Đã khai báo: vi, km, hmn, en."])
    assert commhub(tmp_path, "new", "--title", "A", "--type", "video", "--lang", "vi", "--unit", "so-y-te") == (
        1, ["không có đơn vị 'so-y-te' trong units.yml. Các mã đã khai báo: hoi-lhpn, so-tu-phap."])
    assert commhub(tmp_path, "new", "--lang", "vi") == (
        1, ['hãy ghi --title "Tên sản phẩm" và --type (một trong: article, news, infographic, video, audio, leaflet, '
            "poster, handbook, qa), hoặc --translate SLUG để bắt đầu một bản dịch."])
    assert not (tmp_path / "content/products").exists()


# --- translations ----------------------------------------------------------------------------------------


def test_new_translation(tmp_path):
    corpus = corpus_with_product(tmp_path)
    original = corpus.content / "products/quyen-tre-em/index.vi.md"
    code, lines = commhub(tmp_path, "new", "--translate", "quyen-tre-em", "--lang", "km")
    assert code == 0
    assert lines[0] == "Đã tạo content/products/quyen-tre-em/index.km.md"
    created = corpus.content / "products/quyen-tre-em/index.km.md"
    assert created.read_text(encoding="utf-8") == (
        "---\n"
        'title: ""  # tên sản phẩm bằng ភាសាខ្មែរ\n'
        'summary: ""  # tóm tắt bằng ភាសាខ្មែរ, tối đa 300 ký tự\n'
        "translation:\n"
        "  method: human  # human = người dịch; machine = dịch máy\n"
        "  reviewed: false  # đổi thành true khi đã có người thứ hai hiệu đính bản dịch\n"
        '  # translator: ""  # tên người dịch (không bắt buộc)\n'
        f"  source_sha: {sha256_of(original)}  # mã nhận dạng bản gốc lúc bắt đầu dịch, do commhub điền: đừng sửa\n"
        "---\n"
        "\n"
        "<!-- commhub: Dịch nội dung bên dưới sang ភាសាខ្មែរ, rồi xóa dòng này. -->\n"
        "\n"
        "Trẻ em có quyền được học tập.\n"
    )
    code, lines = commhub(tmp_path, "check")
    assert code == 1 and lines[-1] == "3 lỗi, 0 cảnh báo"
    fill(created, ('title: ""', 'title: "សិទ្ធិកុមារ"'), ('summary: ""', 'summary: "សិទ្ធិជាមូលដ្ឋានរបស់កុមារ។"'),
         ("Trẻ em có quyền được học tập.", "កុមារមានសិទ្ធិទទួលការសិក្សា។"))
    assert commhub(tmp_path, "check") == (0, ["0 lỗi, 0 cảnh báo"])


def test_translation_refusals(tmp_path):
    corpus_with_product(tmp_path)
    assert commhub(tmp_path, "new", "--translate", "khong-co", "--lang", "km") == (
        1, ["không có sản phẩm 'khong-co' (cần có tệp content/products/khong-co/product.yml)."])
    assert commhub(tmp_path, "new", "--translate", "quyen-tre-em", "--lang", "vi") == (
        1, ["'vi' là ngôn ngữ gốc của 'quyen-tre-em'; bản dịch phải bằng ngôn ngữ khác."])
    assert commhub(tmp_path, "new", "--translate", "quyen-tre-em", "--lang", "xx") == (
        1, ["'xx' không phải ngôn ngữ đã khai báo trong languages.yml. Đã khai báo: vi, km, hmn, en."])
    commhub(tmp_path, "new", "--translate", "quyen-tre-em", "--lang", "en")
    assert commhub(tmp_path, "new", "--translate", "quyen-tre-em", "--lang", "en") == (
        1, ["bản 'en' của sản phẩm này đã có: content/products/quyen-tre-em/index.en.md."])


def test_new_topic_unit_and_channel_are_added_to_their_registry_and_checked(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from commhub.checks.checker import check_hub
    from commhub.cli.main import main

    Corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    topics = (tmp_path / "content/topics.yml").read_text(encoding="utf-8")

    def new(*args):
        return CliRunner().invoke(main, ["new", *args])

    result = new("topic", "binh-dang-gioi", "--name", "Bình đẳng giới", "--name", "en=Gender equality")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Đã thêm chủ đề 'binh-dang-gioi' vào content/topics.yml (dòng ")
    assert (tmp_path / "content/topics.yml").read_text(encoding="utf-8") == topics + (
        "- id: binh-dang-gioi\n  name:\n    vi: Bình đẳng giới\n    en: Gender equality\n")
    assert new("unit", "doan-thanh-nien", "--name", "Đoàn Thanh niên").exit_code == 0
    assert new("channel", "zalo", "--name", "Zalo", "--group", "digital").exit_code == 0
    assert check_hub(tmp_path / "content").errors == []
    refused = {
        ("topic", "binh-dang-gioi", "--name", "Lần nữa"): "chủ đề 'binh-dang-gioi' đã có trong content/topics.yml",
        ("unit", "Đoàn TN", "--name", "x"): "ví dụ doan-tn",
        ("channel", "loa", "--name", "Loa phát thanh"): "kênh cần nhóm",
        ("topic", "moi", "--name", "en=New only"): "thiếu tên chủ đề bằng ngôn ngữ mặc định (vi)",
    }
    for args, said in refused.items():
        result = new(*args)
        assert result.exit_code == 1 and said in result.output, (args, result.output)
    assert "Missing option '--lang'" in new("--title", "Quyền trẻ em", "--type", "video").output


def test_a_translation_of_a_video_starts_from_its_transcript(tmp_path):
    corpus = corpus_with_product(tmp_path)
    folder = corpus.content / "products/quyen-tre-em"
    (folder / "transcript.vi.md").write_text("Người dẫn: trẻ em có quyền được học tập.\n", encoding="utf-8")
    assert commhub(tmp_path, "new", "--translate", "quyen-tre-em", "--lang", "km")[0] == 0
    assert (folder / "transcript.km.md").read_text(encoding="utf-8") == (
        "<!-- commhub: Dịch bản ghi lời bên dưới sang ភាសាខ្មែរ, rồi xóa dòng này. -->\n\n"
        "Người dẫn: trẻ em có quyền được học tập.\n")
    code, lines = commhub(tmp_path, "check")
    assert code == 1 and any("transcript.km.md:1:" in line for line in lines)  # until it is translated


def test_a_merger_of_units_in_one_command(tmp_path, monkeypatch):
    """`commhub new unit NEW --replaces OLD --from DATE`: OLD ceases the day before, NEW succeeds it;
    into an existing unit, only the former ones change; comments and layout stay."""
    from click.testing import CliRunner

    from commhub.checks.checker import check_hub
    from commhub.cli.main import main
    from commhub.content.loader import load_content

    corpus = Corpus(tmp_path)
    units = corpus.content / "units.yml"
    units.write_text("# Đơn vị\n" + units.read_text(encoding="utf-8"), encoding="utf-8")
    corpus.product("cu", unit="so-tu-phap", published="2025-06-30")
    corpus.version("cu", "vi", "Trước sáp nhập")
    monkeypatch.chdir(tmp_path)

    def new(*args):
        return CliRunner().invoke(main, ["new", "unit", *args, "--lang", "en"])

    result = new("ubnd-tinh-moi", "--name", "UBND tỉnh mới", "--level", "province")
    assert result.exit_code == 0, result.output
    result = new("stp-moi", "--name", "Sở Tư pháp mới", "--level", "department", "--parent", "ubnd-tinh-moi",
                 "--replaces", "so-tu-phap", "--from", "2025-07-01")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "Unit 'so-tu-phap' ceases after 2025-06-30; its successor: 'stp-moi' (content/units.yml).",
        "The former units' products keep the unit they were published under. A product dated 2025-07-01 or "
        "later that still names a former unit is refused by `commhub check`: run it and give those products "
        "the new unit."]
    result = new("stp-moi", "--replaces", "hoi-lhpn", "--from", "2025-07-01")  # into an existing unit
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Unit 'hoi-lhpn' ceases after 2025-06-30; its successor: 'stp-moi'")
    text = units.read_text(encoding="utf-8")
    assert text.startswith("# Đơn vị\nunits:\n- id: so-tu-phap\n  valid_to: 2025-06-30\n  successors: [stp-moi]\n")
    assert text.endswith("- id: stp-moi\n  level: department\n  parent: ubnd-tinh-moi\n  valid_from: 2025-07-01\n"
                         "  name:\n    vi: Sở Tư pháp mới\n")
    content, _ = load_content(corpus.content)
    assert (content.units["hoi-lhpn"].valid_to, content.units["hoi-lhpn"].successors) == (
        dt.date(2025, 6, 30), ("stp-moi",))
    assert check_hub(corpus.content).errors == []  # the product of 30 June keeps its unit
    refused = {
        ("x", "--name", "X", "--replaces", "hoi-lhpn"): "--replaces needs --from DATE",
        ("x", "--name", "X", "--replaces", "hoi-lhpn", "--from", "2026-01-01"):
            "unit 'hoi-lhpn' already ceased after 2025-06-30 (units.yml)",
        ("x", "--name", "X", "--replaces", "khong-co", "--from", "2026-01-01"): "there is no unit 'khong-co'",
        ("x", "--name", "X", "--level", "hamlet"): "there is no level 'hamlet'",
        ("x", "--name", "X", "--from", "1/7/2025"): "'1/7/2025' is not a date",
        ("x", "--name", "X", "--parent", "khong-co"): "there is no unit 'khong-co'",
        ("stp-moi", "--replaces", "stp-moi", "--from", "2026-01-01"): "cannot replace itself",
    }
    before = units.read_text(encoding="utf-8")
    for args, said in refused.items():
        result = new(*args)
        assert result.exit_code == 1 and said in result.output, (args, result.output)
    assert units.read_text(encoding="utf-8") == before  # nothing written
    topic = CliRunner().invoke(main, ["new", "topic", "t", "--name", "T", "--level", "province", "--lang", "en"])
    assert topic.exit_code == 1 and "for units only" in topic.output
