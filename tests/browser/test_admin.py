"""The browser editor at /admin/, used as an editor would: Sveltia CMS with its test backend (files kept in
the browser's origin-private file system), in Vietnamese, under the admin page's own CSP, asking no
other host for anything. The hub's products are put into the browser first (after `commhub admin
migrate`, so that the editor can read them); the editor creates a product with a Vietnamese and a
Khmer version and an image and saves it; the files it wrote are taken out of the browser into the
hub, where `commhub check` finds no error and the build makes the pages expected.

Screenshots of the editor, for CONTRIBUTING.md, are written to $COMMHUB_SCREENSHOTS when it is set
(`COMMHUB_SCREENSHOTS=.github/screenshots bash .ci/run tests/browser/test_admin.py`).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser
from playwright.sync_api import expect

from commhub.checks.checker import check_content
from commhub.i18n.messages import Messages
from commhub.scaffold.migrate import run_migrate
from helpers import build_site, standard_corpus

from .conftest import PageLog, serve

TEST_FOLDER = "sveltia-cms-test"  # where Sveltia's test backend keeps the repository's files
SLUG = "dang-ky-khai-sinh-cho-tre"
IMAGE = "anh-giay-khai-sinh.png"

WRITE_FILES = """async (files) => {
  let root = await navigator.storage.getDirectory();
  for (const [path, data] of Object.entries(files)) {
    let dir = root;
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const handle = await dir.getFileHandle(parts.at(-1), {create: true});
    const writable = await handle.createWritable();
    await writable.write(Uint8Array.from(atob(data), c => c.charCodeAt(0)));
    await writable.close();
  }
}"""

READ_FILES = """async (folder) => {
  const out = {};
  async function walk(dir, prefix) {
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'directory') { await walk(handle, prefix + name + '/'); continue; }
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      let text = '';
      for (const byte of bytes) text += String.fromCharCode(byte);
      out[prefix + name] = btoa(text);
    }
  }
  const root = await navigator.storage.getDirectory();
  await walk(await root.getDirectoryHandle(folder), '');
  return out;
}"""


def png(width: int, height: int) -> bytes:
    rows = b"".join(b"\x00" + b"\x1f\x6f\xb4" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def admin_hub(tmp_path_factory, browser) -> Path:
    """A hub whose products' fields are in their front matter, built with the editor at /admin/."""
    root = tmp_path_factory.mktemp("admin") / "hub"
    standard_corpus(root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - commhub\n", "  - commhub:\n      admin_repo: test-repo\n"), encoding="utf-8")
    said = []
    # The Khmer original's Vietnamese translation has a date of its own: that product keeps its product.yml.
    assert run_migrate(root / "content", "vi", said.append) == 1
    assert said[-1] == "Đã chuyển 4 sản phẩm; 1 sản phẩm giữ nguyên product.yml."
    build_site(root)
    return root


def screenshot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    page.screenshot(path=str(path))
    target = os.environ.get("COMMHUB_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(target) / name)


@pytest.fixture
def vietnamese_tab(browser):
    """A tab of a browser set to Vietnamese, as an editor's is, with the log of all it did."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 860})
    context.set_default_timeout(15_000)
    log = PageLog(context.new_page()).attach()
    yield log
    context.close()


def test_an_editor_creates_a_product_in_two_languages_from_the_browser(admin_hub, vietnamese_tab, tmp_path):
    site = admin_hub / "site"
    assert (site / "admin" / "index.html").is_file()
    log = vietnamese_tab
    page = log.page
    image = tmp_path / IMAGE
    image.write_bytes(png(120, 80))
    with serve(site) as url:
        page.goto(url + "admin/")
        # The repository's files, as the editor would find them in the hub's Git repository.
        files = {f"{TEST_FOLDER}/{path.relative_to(admin_hub).as_posix()}": base64.b64encode(path.read_bytes()).decode()
                 for path in sorted((admin_hub / "content").rglob("*")) if path.is_file()}
        page.evaluate(WRITE_FILES, files)
        page.get_by_role("button", name="Làm việc với kho mã nguồn thử nghiệm").click()

        # The hub's products are listed, read from their front matter.
        page.goto(url + "admin/#/collections/products")
        page.get_by_text("Trợ giúp pháp lý miễn phí").first.wait_for()
        assert page.get_by_text("Phòng chống bạo lực gia đình").count() >= 1
        screenshot(page, tmp_path, "admin-danh-sach.png")

        page.goto(url + "admin/#/collections/products/new")
        vi = page.get_by_role("group", name=re.compile("Chỉnh sửa nội dung .Tiếng Việt"))
        vi.get_by_role("textbox", name="Tiêu đề").fill("Đăng ký khai sinh cho trẻ")
        vi.get_by_role("textbox", name="Tóm tắt").fill("Cha mẹ đăng ký khai sinh cho con trong 60 ngày kể từ ngày sinh.")
        vi.get_by_role("combobox", name="Loại sản phẩm").click()
        page.get_by_role("option", name="Tờ gấp").click()
        vi.get_by_role("checkbox", name="Quyền trẻ em").check()
        vi.get_by_role("radio", name="Sở Tư pháp").check()
        vi.get_by_role("checkbox", name="Trang web").check()
        vi.locator("input[type=date]").fill("2026-11-20")
        vi.get_by_role("radio", name="Đăng lên trang").check()
        vi.get_by_role("switch", name="Nổi bật trên trang chủ").check()
        # The editor draws a field once it is scrolled near: the body comes after the media.
        vi.get_by_role("button", name=re.compile("Thêm .Tư liệu")).scroll_into_view_if_needed()
        vi.get_by_role("textbox", name="Nội dung").first.fill("Đăng ký khai sinh là quyền đầu tiên của trẻ em.")
        vi.get_by_role("button", name=re.compile("Thêm .Tư liệu")).click()
        vi.locator("input[type=file]").first.set_input_files(str(image))
        vi.get_by_role("radio", name="Ảnh").check()
        vi.get_by_role("checkbox", name=re.compile("Mô tả ảnh")).check()
        vi.get_by_role("textbox", name="Tiếng Việt").fill("Mẫu giấy khai sinh")
        vi.get_by_role("textbox", name="ភាសាខ្មែរ").fill("គំរូសំបុត្រកំណើត")
        vi.get_by_role("textbox", name="Tiêu đề").scroll_into_view_if_needed()
        screenshot(page, tmp_path, "admin-soan-thao.png")

        vi.get_by_role("radio", name=re.compile("Tiếng Khmer")).click()
        page.get_by_role("button", name=re.compile("Bật.*Khmer")).click()
        km = page.get_by_role("group", name=re.compile("Chỉnh sửa nội dung .Tiếng Khmer"))
        km.get_by_role("textbox", name="Tiêu đề").fill("ការចុះសំបុត្រកំណើតឱ្យកុមារ")
        km.get_by_role("textbox", name="Tóm tắt").fill("ឪពុកម្តាយចុះសំបុត្រកំណើតឱ្យកូនក្នុងរយៈពេល ៦០ ថ្ងៃ។")
        km.get_by_role("checkbox", name=re.compile("Thông tin bản dịch")).check()
        # The block's fields appear once it is added; a choice made while they are drawn would be lost.
        method = km.get_by_role("radio", name="Người dịch")
        method.wait_for()
        page.wait_for_timeout(300)
        method.check()
        expect(method).to_be_checked()
        km.get_by_role("textbox", name="Nội dung").first.fill("ការចុះសំបុត្រកំណើតជាសិទ្ធិដំបូងរបស់កុមារ។")
        screenshot(page, tmp_path, "admin-ban-dich.png")
        page.get_by_role("button", name="Lưu", exact=True).click()
        expect(page).to_have_url(re.compile("#/collections/products$"))  # saved and closed
        saved = page.evaluate(READ_FILES, TEST_FOLDER)
    log.check()  # no request off 127.0.0.1, no CSP violation, no uncaught error

    folder = f"content/products/{SLUG}/"
    written = sorted(path for path in saved if path.startswith(folder))
    assert written == [folder + IMAGE, folder + "index.km.md", folder + "index.vi.md"]
    for path in written:
        (admin_hub / path).parent.mkdir(parents=True, exist_ok=True)
        (admin_hub / path).write_bytes(base64.b64decode(saved[path]))
    assert (admin_hub / folder / IMAGE).read_bytes() == image.read_bytes()

    content, problems = check_content(admin_hub / "content", hub_dir=admin_hub, docs_dir=admin_hub / "docs")
    messages = Messages("vi")
    assert [problem.render(messages, admin_hub) for problem in problems.errors] == []
    # What the browser cannot know: the original's hash. Said, with the command that records it.
    assert [(problem.path.name, problem.code) for problem in problems.warnings
            if SLUG in str(problem.path)] == [("index.km.md", "translation_source_unknown")]
    product = content.products[SLUG]
    assert (product.type, product.topics, product.unit, product.channels, str(product.published)) == \
        ("leaflet", ("childrens-rights",), "so-tu-phap", ("website",), "2026-11-20")
    assert product.fields_file == "index.vi.md" and product.featured is True
    assert product.versions["km"].translation.method == "human"
    assert product.media[0].alt == {"vi": "Mẫu giấy khai sinh", "km": "គំរូសំបុត្រកំណើត"}

    built = build_site(admin_hub, admin_hub / "site-after", strict=True)
    vi_page = (built / "products" / SLUG / "index.html").read_text(encoding="utf-8")
    km_page = (built / "km" / "products" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Đăng ký khai sinh cho trẻ" in vi_page and 'alt="Mẫu giấy khai sinh"' in vi_page
    home = LexborHTMLParser((built / "index.html").read_text(encoding="utf-8"))
    assert "Đăng ký khai sinh cho trẻ" in [a.text().strip() for a in home.css(".commhub-home__featured h3 a")]
    assert "ការចុះសំបុត្រកំណើតឱ្យកុមារ" in km_page and 'alt="គំរូសំបុត្រកំណើត"' in km_page
    assert (built / "products" / SLUG / IMAGE).read_bytes() == image.read_bytes()
