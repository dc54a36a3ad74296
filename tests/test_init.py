"""`commhub init`: the hub it writes passes `commhub check` and a strict build at once, outside this
repository too (from the wheel); what it refuses; hostile values; the workflows it writes."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from mkdocs.utils.yaml import yaml_load

from commhub import __version__
from commhub.checks.checker import check_content
from commhub.cli.main import main
from commhub.scaffold.init import KNOWN_LANGUAGES, RELEASE_REQUIREMENT, release_requirement, run_init
from commhub.content.yamlio import dump_scalar
from commhub.i18n.messages import Messages, available_languages, catalogue
from helpers import REPO, build_site, run_checked
from test_new import fill
from test_workflows import PINNED, actionlint, caching_steps, load, triggers

NAME = "Truyền thông pháp luật thành phố Đà Nẵng"
AGENCY = "Sở Tư pháp thành phố Đà Nẵng"
UNIT = "so-tu-phap-thanh-pho-da-nang"
PROVINCE = "Thành phố Đà Nẵng"
ARGS = ("--name", NAME, "--languages", "vi,ktv,sed,en", "--province", PROVINCE, "--agency", AGENCY)
FILES = [
    ".github/workflows/pr.yml", ".github/workflows/publish.yml", ".gitignore", "CONTRIBUTING.md", "README.md",
    "content/channels.yml", "content/hub.yml", "content/languages.yml", f"content/plans/kh-{dt.date.today().year}.yml",
    "content/products/san-pham-vi-du/anh-vi-du.png", "content/products/san-pham-vi-du/index.vi.md",
    "content/products/san-pham-vi-du/product.yml", "content/topics.yml", "content/units.yml",
    "docs/about.en.md", "docs/about.ktv.md", "docs/about.md", "docs/about.sed.md",
    "docs/index.en.md", "docs/index.ktv.md", "docs/index.md", "docs/index.sed.md",
    "locales/ktv.yml", "locales/sed.yml", "mkdocs.yml", "requirements.txt",
]
HOSTILE_NAME = 'Tỉnh "A": {{ 7*7 }} {% raw %}\n# no: yes <script>alert(1)</script> [x](javascript:y) {#id} &amp; \\'
HOSTILE_AGENCY = "Sở: 'B' - {{ config }}\r\n<img src=x onerror=alert(2)> *x* `y`"


def init(*args: str) -> tuple[int, list[str], list[str]]:
    result = CliRunner().invoke(main, ["init", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout.splitlines(), result.stderr.splitlines()


def files_of(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


def problems_of(hub: Path) -> list[str]:
    """Every problem of the hub but the interface files still to translate (a new hub has them)."""
    _, problems = check_content(hub / "content")
    return [f"{problem.path}:{problem.line}: {problem.code} {problem.params}" for problem in problems
            if problem.code != "locale_untranslated"]


@pytest.fixture
def hub(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    code, out, err = init("tinh-moi", *ARGS)
    assert (code, err) == (0, []), err
    return tmp_path / "tinh-moi"


def test_init_writes_a_hub_that_checks_and_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = init("tinh-moi", *ARGS)
    hub = tmp_path / "tinh-moi"
    assert (code, err) == (0, [])
    assert files_of(hub) == FILES
    assert out == [
        f"Đã tạo trang '{NAME}' trong thư mục tinh-moi ({len(FILES)} tệp):",
        *(f"  {name}" for name in FILES),
        "Giao diện trang chưa được dịch sang các ngôn ngữ này: các tệp locales/ktv.yml, locales/sed.yml đang là "
        "bản sao của ngôn ngữ dự phòng, hãy dịch chúng.",
        f"Trang cài commhub theo requirements.txt: {release_requirement()}",
        "Tiếp theo: lệnh thứ nhất cài commhub rồi mở trang tại http://127.0.0.1:8000; lệnh thứ hai kiểm tra nội "
        "dung và dựng bản xem thử như khi kiểm tra một pull request.",
        "  cd tinh-moi && python3.11 -m venv .venv && .venv/bin/pip install -r requirements.txt"
        " && .venv/bin/commhub serve",
        "  .venv/bin/commhub check && .venv/bin/commhub build --preview --strict",
    ]
    languages = yaml.safe_load((hub / "content/languages.yml").read_text(encoding="utf-8"))["languages"]
    assert languages == [
        {"code": "vi", "name": "Tiếng Việt", "group": "national", "default": True},
        {"code": "ktv", "name": "Cơ Tu", "group": "ethnic_minority", "ui_fallback": "vi"},
        {"code": "sed", "name": "Xơ Đăng", "group": "ethnic_minority", "ui_fallback": "vi"},
        {"code": "en", "name": "English", "group": "foreign"},
    ]
    assert yaml.safe_load((hub / "content/units.yml").read_text(encoding="utf-8")) == {
        "units": [{"id": UNIT, "name": {"vi": AGENCY}}]}
    config = yaml_load((hub / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == NAME
    assert config["theme"] == {"name": "material", "language": "vi", "font": False, "palette": {"primary": "indigo"}}
    # (admin_repo: `!ENV [COMMHUB_ADMIN_REPO, ""]`, read here as its default: no /admin/ outside the workflow)
    assert config["plugins"] == [{"commhub": {"content_dir": "content", "cache_dir": ".commhub-cache", "admin_repo": ""}}]
    assert "custom_dir" not in config["theme"] and "markdown_extensions" not in config
    assert (hub / ".gitignore").read_text(encoding="utf-8").split("\n")[1:-1] == [
        "/site/", "/.commhub-cache/", ".*.build-*/", "/.venv/", "__pycache__/"]

    # Nothing to fix, but the two interface files are still copies of Vietnamese: said as warnings.
    assert problems_of(hub) == []
    assert [(problem.path.name, problem.code) for problem in check_content(hub / "content")[1]] == [
        ("ktv.yml", "locale_untranslated"), ("sed.yml", "locale_untranslated")]
    site = build_site(hub, strict=True)
    for page, lang in (("index.html", "vi"), ("ktv/index.html", "ktv"), ("ktv/about/index.html", "ktv"),
                       ("ktv/products/san-pham-vi-du/index.html", "ktv"), ("sed/index.html", "sed"),
                       ("en/about/index.html", "en"), ("products/san-pham-vi-du/index.html", "vi")):
        html = (site / page).read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html, page
    product = (site / "products/san-pham-vi-du/index.html").read_text(encoding="utf-8")
    assert 'src="anh-vi-du.png" alt="Hình minh họa ví dụ: ' in product and AGENCY in product
    assert (site / "products/san-pham-vi-du/anh-vi-du.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "Chỉ tiêu và tiến độ" in (site / "progress/index.html").read_text(encoding="utf-8")


def test_the_example_product_and_plan_are_marked_as_examples(hub):
    product = (hub / "content/products/san-pham-vi-du/product.yml").read_text(encoding="utf-8")
    assert product.startswith("# VÍ DỤ do `commhub init` tạo")
    data = yaml.safe_load(product)
    assert data["published"] == dt.date.today() and data["unit"] == UNIT
    assert data["media"] == [{"file": "anh-vi-du.png", "kind": "image", "alt": {"vi": data["media"][0]["alt"]["vi"]}}]
    version = (hub / "content/products/san-pham-vi-du/index.vi.md").read_text(encoding="utf-8")
    assert 'title: "Sản phẩm ví dụ: hãy thay bằng sản phẩm của bạn"' in version
    year = dt.date.today().year
    targets = yaml.safe_load((hub / f"content/plans/kh-{year}.yml").read_text(encoding="utf-8"))
    assert targets["period"] == {"from": dt.date(year, 1, 1), "to": dt.date(year, 12, 31)}
    [target] = targets["targets"]
    assert target["share"] == {"min": 0.15, "max": 0.20}
    assert target["any"] == [{"language_group": "ethnic_minority"}, {"language_group": "foreign"},
                             {"channel_group": "digital"}]
    assert set(target["label"]) == {"vi", "en"}  # only declared languages: the registry refuses others
    assert "VÍ DỤ" in (hub / f"content/plans/kh-{year}.yml").read_text(encoding="utf-8")


def test_languages_without_a_built_in_interface_get_a_locales_file_copied_from_their_fallback(hub):
    assert sorted(path.name for path in (hub / "locales").iterdir()) == ["ktv.yml", "sed.yml"]
    assert "ktv" not in available_languages() and "vi" in available_languages()
    text = (hub / "locales/ktv.yml").read_text(encoding="utf-8")
    header = text[: text.index("\nui:\n")]
    assert header.startswith("# Giao diện trang web bằng Cơ Tu (ktv)")
    assert "CHƯA DỊCH: mọi chuỗi dưới đây là bản sao của Tiếng Việt (vi)" in header
    assert "NOT TRANSLATED YET: every string below is a copy of Tiếng Việt (vi)" in header
    assert header.index("CHƯA DỊCH") < header.index("NOT TRANSLATED YET")

    def flatten(node, prefix=""):
        for key, value in node.items():
            yield from flatten(value, f"{prefix}{key}.") if isinstance(value, dict) else [(f"{prefix}{key}", value)]

    strings = dict(flatten(yaml.safe_load(text)))
    vietnamese = {key: value for key, value in catalogue("vi").items() if key.startswith("ui.")}
    assert strings == {**vietnamese, "ui.language_name": "Cơ Tu"}
    structure = yaml.safe_load((REPO / "src/commhub/i18n/locales/vi.yml").read_text(encoding="utf-8"))["ui"]
    assert list(yaml.safe_load(text)["ui"]) == list(structure)  # vi.yml's nesting and order


def test_a_folder_that_is_not_empty_is_refused_unless_forced(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "co-san").mkdir()
    (tmp_path / "co-san" / "ghi-chu.txt").write_text("giữ lại\n", encoding="utf-8")
    code, out, err = init("co-san", *ARGS)
    assert (code, out) == (1, [])
    assert err == ["thư mục 'co-san' đã có tệp nên chưa ghi gì cả. Hãy chọn một thư mục mới hoặc trống; muốn ghi "
                   "đè các tệp trùng tên (các tệp khác giữ nguyên) thì thêm --force."]
    assert files_of(tmp_path / "co-san") == ["ghi-chu.txt"]
    code, _, err = init("co-san", *ARGS, "--lang", "en")
    assert err == ["the folder 'co-san' is not empty, so nothing was written. Choose a new or empty folder; to "
                   "replace the files of the same names (other files are kept), add --force."]

    (tmp_path / "co-san" / "mkdocs.yml").write_text("site_name: cũ\n", encoding="utf-8")
    code, out, err = init("co-san", *ARGS, "--force")
    assert (code, err) == (0, [])
    assert files_of(tmp_path / "co-san") == sorted([*FILES, "ghi-chu.txt"])
    assert (tmp_path / "co-san" / "ghi-chu.txt").read_text(encoding="utf-8") == "giữ lại\n"
    assert "site_name: Truyền thông" in (tmp_path / "co-san" / "mkdocs.yml").read_text(encoding="utf-8")
    assert problems_of(tmp_path / "co-san") == []

    (tmp_path / "tep").write_text("", encoding="utf-8")
    code, _, err = init("tep", *ARGS, "--force")
    assert (code, err) == (1, ["'tep' đã có và không phải thư mục. Hãy chọn tên thư mục khác."])


@pytest.mark.parametrize("args, message", [
    (("--languages", "vi,en"), "hãy ghi tên trang web bằng --name, ví dụ --name \"Truyền thông pháp luật thành "
                               "phố Đà Nẵng\"."),
    (("--name", "   ", "--languages", "vi"), "hãy ghi tên trang web bằng --name, ví dụ --name \"Truyền thông pháp "
                                             "luật thành phố Đà Nẵng\"."),
    (("--name", "X" * 121, "--languages", "vi"), "--name: dài 121 ký tự; tối đa 120 ký tự (giá trị này hiện trên "
                                                 "mọi trang). Hãy rút gọn."),
    (("--name", "X", "--languages", "vi", "--agency", "Sở " * 100), "--agency: dài 299 ký tự; tối đa 200 ký tự "
                                                                     "(giá trị này hiện trên mọi trang). Hãy rút gọn."),
    (("--name", "X"), "hãy ghi các ngôn ngữ bằng --languages, cách nhau bằng dấu phẩy, ngôn ngữ đầu tiên là ngôn "
                      "ngữ mặc định, ví dụ --languages vi,km,en."),
    (("--name", "X", "--languages", " , "), "hãy ghi các ngôn ngữ bằng --languages, cách nhau bằng dấu phẩy, ngôn "
                                            "ngữ đầu tiên là ngôn ngữ mặc định, ví dụ --languages vi,km,en."),
    (("--name", "X", "--languages", "vi,Km"), Messages("vi")("problem.new.init.language_invalid", code="Km")),
    (("--name", "X", "--languages", "vi,vietnamese"), Messages("vi")("problem.new.init.language_invalid",
                                                                     code="vietnamese")),
    (("--name", "X", "--languages", "vi,xyz"), Messages("vi")("problem.new.init.language_invalid", code="xyz")),
    (("--name", "X", "--languages", "vi,km,vi"), "--languages: mã 'vi' được ghi hai lần; mỗi ngôn ngữ chỉ ghi một lần."),
    (("--name", "X", "--languages", "vi", "--site-url", "javascript:alert(1)"),
     "--site-url: 'javascript:alert(1)' không phải địa chỉ trang web đầy đủ; hãy ghi dạng https://ten-mien.gov.vn/ "
     "(bắt đầu bằng https:// hoặc http://, không có dấu cách)."),
    (("--name", "X", "--languages", "vi", "--requirement", "--index-url https://x/"),
     "--requirement: '--index-url https://x/' không dùng được làm một dòng của requirements.txt; hãy ghi một dòng, "
     "không bắt đầu bằng '-', ví dụ \"commhub==0.1.0\"."),
])
def test_what_init_refuses_without_writing_anything(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = init("moi", *args)
    assert (code, out, err) == (1, [], [message])
    assert not (tmp_path / "moi").exists()


def test_on_a_terminal_init_asks_for_the_name_and_languages(tmp_path):
    asked, said = [], []

    def prompt(text):
        asked.append(text)
        return {0: f"  {NAME}  ", 1: "vi, km,en"}[len(asked) - 1]

    code = run_init(tmp_path / "hoi", None, None, None, None, None, None, False, "vi",
                    lambda line, err=False: said.append(line), prompt, interactive=True)
    assert code == 0
    assert asked == ["Tên trang web (ví dụ: Truyền thông pháp luật thành phố Đà Nẵng)",
                     "Các mã ngôn ngữ, cách nhau bằng dấu phẩy; mã đầu tiên là ngôn ngữ mặc định (ví dụ: vi,km,en)"]
    languages = yaml.safe_load((tmp_path / "hoi/content/languages.yml").read_text(encoding="utf-8"))["languages"]
    assert [language["code"] for language in languages] == ["vi", "km", "en"]
    assert not (tmp_path / "hoi/locales").exists()  # every language has a built-in interface
    assert yaml_load((tmp_path / "hoi/mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == NAME
    assert problems_of(tmp_path / "hoi") == []


def test_hostile_values_give_valid_yaml_and_escaped_html(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = init("hub", "--name", HOSTILE_NAME, "--languages", "vi,no,nb", "--agency", HOSTILE_AGENCY,
                          "--province", "- Tỉnh: #1 ]]> -->", "--site-url", "https://example.org/a'b\"c/")
    assert (code, err) == (0, [])
    hub = tmp_path / "hub"
    one_line = lambda text: " ".join(text.split())  # noqa: E731 (what init keeps of a value: one line)
    name, agency = one_line(HOSTILE_NAME), one_line(HOSTILE_AGENCY)
    config = yaml_load((hub / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == name
    assert config["site_url"] == "https://example.org/a'b\"c/"
    assert config["site_description"] == "Sản phẩm truyền thông giáo dục công dân — - Tỉnh: #1 ]]> -->"
    units = yaml.safe_load((hub / "content/units.yml").read_text(encoding="utf-8"))["units"]
    assert units == [{"id": "so-b-config-img-src-x-onerror-alert-2-x-y", "name": {"vi": agency}}]
    # YAML 1.1 reads a bare `no` or `on` as a boolean: the codes stay codes.
    languages = yaml.safe_load((hub / "content/languages.yml").read_text(encoding="utf-8"))["languages"]
    assert [(language["code"], language["name"]) for language in languages] == [
        ("vi", "Tiếng Việt"), ("no", "no"), ("nb", "nb")]
    for path in hub.rglob("*.yml"):
        yaml_load(path.read_text(encoding="utf-8"))  # every YAML file parses
    for path in (hub / "docs").glob("*.md"):
        front = path.read_text(encoding="utf-8").split("---\n")[1]
        assert yaml.safe_load(front)["title"] in (name, "Giới thiệu")

    assert problems_of(hub) == []
    site = build_site(hub, strict=True)
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html, page
    home = (site / "index.html").read_text(encoding="utf-8")
    shown = ('Tỉnh &#34;A&#34;: {{ 7*7 }} {% raw %} # no: yes &lt;script&gt;alert(1)&lt;/script&gt; '
             "[x](javascript:y) {#id} &amp;amp; \\")
    assert f"<title>{shown}</title>" in home and f"<h1>{shown}</h1>" in home
    # In the page's text, as typed: no markup, no link, no attribute list, no template.
    assert ('<p>Tỉnh "A": {{ 7*7 }} {% raw %} # no: yes &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:y) '
            "{#id} &amp;amp; \\ tập hợp các sản phẩm truyền thông giáo dục công dân của Sở: 'B' - {{ config }} "
            "&lt;img src=x onerror=alert(2)&gt; *x* `y` (- Tỉnh: #1 ]]&gt; --&gt;): ") in home


@pytest.mark.parametrize("value", ["vi", "no", "on", "2024", "1.0", "null", "a: b", "- x", "#c", "{{ x }}", "'q'",
                                   '"', "x\ny", "x\r\ny", "a\u2028b", "a\x85b", "\x07", "", "tab\tend", "  lề  "])
def test_yaml_scalars_read_back_as_the_same_text_on_one_line(value):
    text = dump_scalar(value)
    assert len(text.splitlines()) == 1
    assert yaml.safe_load(f"key: {text}  # comment\n") == {"key": value}
    assert yaml.safe_load(f"- [{text}, {text}]") == [[value, value]]


def test_the_workflows_pass_actionlint_and_keep_the_pull_request_job_read_only(hub):
    pr, publish = hub / ".github/workflows/pr.yml", hub / ".github/workflows/publish.yml"
    binary = actionlint()
    assert binary is not None, "actionlint is missing: pip install -e '.[test]'"
    result = subprocess.run([binary, "-no-color", str(pr), str(publish)], capture_output=True, text=True, cwd=hub)
    assert result.returncode == 0, result.stdout + result.stderr

    for path in (pr, publish):
        workflow = load(path)
        text = path.read_text(encoding="utf-8")
        assert workflow["permissions"] == {"contents": "read"}
        assert "pull_request_target" not in text and "secrets." not in text
        uses = [line for line in text.splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
        assert uses and all(PINNED.match(line) for line in uses), uses
        runs = "\n".join(step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"])
        # commhub comes from the pinned release, never from the hub's checkout.
        assert "pip install --disable-pip-version-check -r requirements.txt" in runs
        assert not re.search(r"pip install[^\n]*(\s\.($|\s)|-e\s)", runs, re.M) and ".ci/run" not in runs
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False

    workflow = load(pr)
    assert set(triggers(workflow)) == {"pull_request"}
    [job] = workflow["jobs"].values()
    assert "permissions" not in job and caching_steps(job) == []
    runs = [step.get("run", "") for step in job["steps"]]
    order = ["requirements.txt", "commhub check", "commhub build --preview --strict",
             'commhub report --format markdown >> "$GITHUB_STEP_SUMMARY"']
    positions = [next(index for index, run in enumerate(runs) if command in run) for command in order]
    assert positions == sorted(positions)

    workflow = load(publish)
    assert triggers(workflow) == {"push": {"branches": ["main"]}}
    assert workflow["concurrency"]["group"] == "pages"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["if"] == deploy["if"] == "github.ref == 'refs/heads/main'"
    assert "permissions" not in build and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    [cache] = [step for step in build["steps"] if step.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"].split() == [".commhub-cache", "~/.cache/commhub"]  # mkdocs.yml's cache_dir
    runs = [step.get("run", "") for step in build["steps"]]
    assert runs.index("commhub check") < runs.index("commhub build --strict")
    assert [step for step in build["steps"] if step.get("run") == "commhub build --strict"][0]["env"] == {
        "SITE_URL": "https://${{ github.repository_owner }}.github.io/${{ github.event.repository.name }}/",
        "COMMHUB_ADMIN_REPO": "${{ github.repository }}"}  # the /admin/ editor saves to this repository


def test_with_a_site_url_the_publish_workflow_keeps_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert init("hub", "--name", "X", "--languages", "vi", "--site-url", "https://phapluat.example.vn/")[0] == 0
    build = load(tmp_path / "hub/.github/workflows/publish.yml")["jobs"]["build"]
    [step] = [step for step in build["steps"] if step.get("run") == "commhub build --strict"]
    assert step["env"] == {"COMMHUB_ADMIN_REPO": "${{ github.repository }}"}  # no SITE_URL
    config = yaml_load((tmp_path / "hub/mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == "https://phapluat.example.vn/"


def test_the_pinned_release_is_one_setting_with_the_package_version(hub, tmp_path, monkeypatch):
    assert __version__ == importlib.metadata.version("commhub")
    assert release_requirement() == RELEASE_REQUIREMENT.format(version=__version__)
    assert release_requirement().endswith(f"@v{__version__}")
    lines = (hub / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == [release_requirement()]
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^## (\S+)", changelog, re.M).group(1) == __version__ and "commhub init" in changelog

    monkeypatch.chdir(tmp_path)
    assert init("other", "--name", "X", "--languages", "vi", "--requirement", "commhub==0.1.0")[0] == 0
    assert (tmp_path / "other/requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == "commhub==0.1.0"


def test_the_readme_starts_a_hub_with_two_commands_from_the_pinned_release():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Start a hub for your province"):]
    section = section[: section.index("\n## ", 1)]
    assert readme.index("## Run it") < readme.index("## Start a hub for your province") < readme.index("## Content")
    commands = re.findall(r"```sh\n(.*?)\n```", section, re.S)
    assert len(commands) == 2 and all("\n" not in command for command in commands)
    assert f'pip install "{release_requirement()}"' in commands[0] and "commhub init tinh-moi" in commands[0]
    assert commands[1] == "cd tinh-moi && ../.venv/bin/commhub serve"


def test_init_names_the_hub_in_content_hub_yml(hub):
    assert yaml.safe_load((hub / "content/hub.yml").read_text(encoding="utf-8")) == {
        "name": {"vi": NAME}, "description": {"vi": "Sản phẩm truyền thông giáo dục công dân"},
        "province": {"vi": PROVINCE}, "agency": {"vi": AGENCY}}  # the default language only
    text = (hub / "content/hub.yml").read_text(encoding="utf-8")
    assert "#     ktv: " in text  # how to add another language, as a comment
    site = build_site(hub, strict=True)
    for page in ("index.html", "ktv/products/san-pham-vi-du/index.html", "en/about/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert f"<title>{NAME}</title>" in html or f" - {NAME}</title>" in html, page
        assert f"{AGENCY}</span> · <span" in html and f">{PROVINCE}</span>" in html, page


def test_without_province_and_agency_hub_yml_shows_them_commented_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert init("mot", "--name", "X", "--languages", "vi")[0] == 0
    text = (tmp_path / "mot/content/hub.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"name": {"vi": "X"},
                                    "description": {"vi": "Sản phẩm truyền thông giáo dục công dân"}}
    assert "# province:\n#   vi: " in text and "# agency:\n#   vi: " in text
    assert problems_of(tmp_path / "mot") == []


def test_contributing_and_readme_name_the_hubs_languages(hub):
    text = (hub / "CONTRIBUTING.md").read_text(encoding="utf-8")
    vietnamese, english = text.split("\n# Contributing content\n")
    assert vietnamese.startswith("# Hướng dẫn đóng góp nội dung")  # Vietnamese first
    for half in (vietnamese, english):
        for row in ("| `vi` | Tiếng Việt |", "| `ktv` | Cơ Tu |", "| `sed` | Xơ Đăng |", "| `en` | English |"):
            assert row in half, row
        assert "locales/ktv.yml" in half and "locales/sed.yml" in half
        assert f"--lang vi --unit {UNIT}" in half and "--lang ktv" in half
    assert len(text.splitlines()) < len((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").splitlines()) / 2
    readme = (hub / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {NAME}\n") and "Tiếng Việt, Cơ Tu, Xơ Đăng, English" in readme
    commands = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    assert commands[:2] == [
        "python3.11 -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/commhub serve",
        ".venv/bin/commhub check && .venv/bin/commhub build --preview --strict"]


def test_language_names_and_groups(tmp_path, monkeypatch):
    for code, (name, group) in KNOWN_LANGUAGES.items():
        assert unicodedata.is_normalized("NFC", name), code
        assert group == ("national" if code == "vi" else "foreign" if code in ("en", "fr", "zh", "th", "lo")
                         else "ethnic_minority"), code
    monkeypatch.chdir(tmp_path)
    code, out, _ = init("hub", "--name", "X", "--languages", "vi,yo,zh-Hant")
    assert code == 0
    assert "Chưa biết tên của ngôn ngữ yo, zh-Hant: hãy ghi tên (viết bằng chính ngôn ngữ đó) và kiểm tra nhóm ngôn " \
           "ngữ trong content/languages.yml." in out
    text = (tmp_path / "hub/content/languages.yml").read_text(encoding="utf-8")
    assert ("    name: yo  # hãy viết tên ngôn ngữ bằng chính ngôn ngữ đó / write the language's name in that "
            "language\n    group: ethnic_minority  # hãy kiểm tra nhóm ngôn ngữ / check the group\n") in text
    assert problems_of(tmp_path / "hub") == []


@pytest.mark.parametrize("languages, product, theme", [
    ("ktv,vi", "content/products/san-pham-vi-du/index.ktv.md", "vi"),  # default without a built-in interface
    ("en,fr", "content/products/example-product/index.en.md", "en"),  # an English default: English texts
])
def test_other_default_languages_check_and_build(tmp_path, monkeypatch, languages, product, theme):
    monkeypatch.chdir(tmp_path)
    assert init("hub", "--name", "Hub", "--languages", languages)[0] == 0
    hub = tmp_path / "hub"
    assert (hub / product).is_file()
    assert yaml_load((hub / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["language"] == theme
    assert problems_of(hub) == []
    site = build_site(hub, strict=True)
    default = languages.split(",")[0]
    assert f'<html lang="{default}"' in (site / "index.html").read_text(encoding="utf-8")
    if default == "ktv":
        fallback = yaml.safe_load((hub / "content/languages.yml").read_text(encoding="utf-8"))["languages"][0]
        assert fallback == {"code": "ktv", "name": "Cơ Tu", "group": "ethnic_minority", "default": True,
                            "ui_fallback": "vi"}
        assert (hub / "locales/ktv.yml").is_file() and not (hub / "locales/vi.yml").exists()
    else:
        english = (hub / "docs/index.md").read_text(encoding="utf-8")
        assert "## Welcome" in english and (hub / "docs/about.fr.md").read_text(encoding="utf-8").count("## ") == 2


def test_a_hub_from_the_wheel_adds_a_product_checks_builds_and_reports(installed, tmp_path):
    """Outside the repository, with commhub installed from its wheel (conftest.py `installed`)."""
    bin_dir = installed
    run_checked([str(bin_dir / "commhub"), "init", "tinh-moi", *ARGS], tmp_path)
    hub = tmp_path / "tinh-moi"
    assert files_of(hub) == FILES
    run_checked([str(bin_dir / "commhub"), "new", "--title", "Quyền trẻ em", "--type", "article", "--lang", "vi",
                 "--unit", UNIT], hub)
    product = hub / "content/products/quyen-tre-em"
    fill(product / "product.yml", ("topics: []", "topics: [childrens-rights]"), ("channels: []", "channels: [radio]"))
    fill(product / "index.vi.md", ('summary: ""', 'summary: "Trẻ em có quyền được học tập."'))
    # The hub owns its words: one interface string translated in locales/ktv.yml (a test string).
    fill(hub / "locales/ktv.yml", ("    home: Trang chủ", '    home: "[ktv] Trang đầu"'))
    checked = run_checked([str(bin_dir / "commhub"), "check"], hub)
    assert checked.stdout.splitlines()[-1] == "0 lỗi, 2 cảnh báo"  # ktv and sed: strings still untranslated
    run_checked([str(bin_dir / "mkdocs"), "build", "--strict"], hub)
    report = run_checked([str(bin_dir / "commhub"), "report"], hub).stdout
    assert re.search(r"^Tổng số sản phẩm: +2$", report, re.M), report
    page = (hub / "site/ktv/products/quyen-tre-em/index.html").read_text(encoding="utf-8")
    assert '<html lang="ktv"' in page and "Quyền trẻ em" in page
    assert "[ktv] Trang đầu" in page  # the hub's string, on the ktv pages only
    assert "[ktv] Trang đầu" not in (hub / "site/products/quyen-tre-em/index.html").read_text(encoding="utf-8")
    assert str(REPO) not in page
