"""`commhub init DIR`: write a new hub that `commhub check` and `mkdocs build --strict` pass at once.

The files come from the templates in `scaffold/templates/` (package data), rendered with the Jinja2
that MkDocs brings. Autoescaping is off (the files are YAML and Markdown, not HTML), so every value
an adopter gives reaches a file only through a filter made for its place: `yaml` (a scalar written
by yamlio.dump_scalar) in YAML and front matter, `md` (HTML- and Markdown-escaped) in page text.
Nothing is pasted into a file as it was typed (requirements.txt's one line is checked to be one
requirement line first).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shlex
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files as package_files
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import jinja2

from commhub import THEME_DIR, __version__
from commhub.content.fields import ID, LANGUAGE_CODE
from commhub.content.names import slugify
from commhub.content.schema import FILES
from commhub.content.language_tags import code_problem
from commhub.content.limits import MAX_HUB_TEXT_CHARS
from commhub.i18n.messages import LOCALES_DIR, Messages, available_languages
from commhub.content.problems import display_path
from commhub.content.yamlio import dump_document, dump_scalar, load_yaml
from commhub.scaffold.schema_docs import schema_block

# The commhub release a new hub installs (the one line of its requirements.txt, which both of its
# workflows install): the ONE setting to change when commhub is released elsewhere. Until commhub is
# on PyPI it is a git URL pinned to the release tag; once there, `commhub=={version}`. YOUR_ORG is a
# placeholder no GitHub account can have (account names have no underscore): a hub made before it
# is set fails to install, rather than installing code from whoever registered the name.
RELEASE_REQUIREMENT = "commhub @ git+https://github.com/YOUR_ORG/commhub@v{version}"

TEMPLATES_DIR = Path(__file__).parent / "templates"

# The programme's common languages: (name, group). Names are written in the language itself, except
# those of Vietnam's ethnic minorities, written as Vietnamese writes them (a hub may write the
# endonym instead). `th` is Thai, Thailand's language; the Thái of Vietnam are Tai Dam (blt) and
# Tai Don (twh).
KNOWN_LANGUAGES = {
    "vi": ("Tiếng Việt", "national"),
    "km": ("ភាសាខ្មែរ", "ethnic_minority"),
    "hmn": ("Hmoob", "ethnic_minority"),
    "ktv": ("Cơ Tu", "ethnic_minority"),
    "sed": ("Xơ Đăng", "ethnic_minority"),
    "cjm": ("Chăm", "ethnic_minority"),
    "rad": ("Ê Đê", "ethnic_minority"),
    "jra": ("Gia Rai", "ethnic_minority"),
    "bdq": ("Ba Na", "ethnic_minority"),
    "blt": ("Thái Đen", "ethnic_minority"),
    "twh": ("Thái Trắng", "ethnic_minority"),
    "tyz": ("Tày", "ethnic_minority"),
    "mtq": ("Mường", "ethnic_minority"),
    "zh": ("中文", "foreign"),
    "en": ("English", "foreign"),
    "fr": ("Français", "foreign"),
    "th": ("ภาษาไทย", "foreign"),
    "lo": ("ພາສາລາວ", "foreign"),
}
# A language not in the table: its code stands for its name (with a comment asking for the name).
OTHER_GROUP = "ethnic_minority"

# The example product's image, written into the hub (a PNG made here, not a file of the package).
IMAGE_SIZE = (160, 90)


class InitError(Exception):
    """A refusal, with its message key (under `problem.new.init.`) and parameters."""

    def __init__(self, key: str, /, **params):
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, messages: Messages) -> str:
        return messages(f"problem.new.init.{self.key}", **self.params)


def release_requirement() -> str:
    """The requirements.txt line of a new hub: this commhub's own release."""
    return RELEASE_REQUIREMENT.format(version=__version__)


@dataclass(frozen=True)
class HubLanguage:
    code: str
    name: str
    group: str
    default: bool
    ui_fallback: str | None  # set for a language without a built-in interface
    named: bool  # False: `name` is only the code, for the adopter to replace
    built_in: bool  # commhub has its interface (src/commhub/i18n/locales/<code>.yml)

    @property
    def suffix(self) -> str:
        """The language part of a docs/ page's name: none for the default language."""
        return "" if self.default else f".{self.code}"


@dataclass(frozen=True)
class HubSpec:
    name: str
    languages: tuple[HubLanguage, ...]
    province: str | None = None
    agency: str | None = None
    site_url: str | None = None
    requirement: str = ""

    @property
    def default(self) -> HubLanguage:
        return self.languages[0]

    @property
    def codes(self) -> list[str]:
        return [language.code for language in self.languages]


# --- what the adopter gave ------------------------------------------------------------------------


def clean_text(value: str | None) -> str | None:
    """One line of NFC text (what `commhub check` asks of content): runs of white space, line
    breaks included, become one space; other control characters go."""
    if value is None:
        return None
    value = unicodedata.normalize("NFC", value)
    value = "".join(char for char in value if char.isspace() or unicodedata.category(char) != "Cc")
    return " ".join(value.split()) or None


def parse_languages(text: str) -> tuple[HubLanguage, ...]:
    """`vi,ktv,en` → the hub's languages, the first the default; InitError for a code that is not
    BCP 47 in commhub's form, a repeated one, or none."""
    codes = [code.strip() for code in text.split(",") if code.strip()]
    if not codes:
        raise InitError("languages_missing")
    seen: set[str] = set()
    for code in codes:
        if not LANGUAGE_CODE.match(code) or code_problem(code) is not None:  # the check's own rule
            raise InitError("language_invalid", code=code)
        if code in seen:
            raise InitError("language_repeated", code=code)
        seen.add(code)
    built_in = set(available_languages())
    default = codes[0]
    languages = []
    for code in codes:
        name, group = KNOWN_LANGUAGES.get(code, (code, OTHER_GROUP))
        fallback = None
        if code not in built_in:
            # The default language's interface, or for the default itself the first declared
            # language that has one (else none: English, the last resort).
            fallback = default if code != default else next((other for other in codes if other in built_in), None)
        languages.append(HubLanguage(code, name, group, code == default, fallback, code in KNOWN_LANGUAGES,
                                     code in built_in))
    return tuple(languages)


def check_site_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or any(char.isspace() for char in url):
        raise InitError("site_url_invalid", url=url)
    return url


def check_requirement(requirement: str) -> str:
    """One requirement line: pip reads each line of requirements.txt as a requirement or an option."""
    if not requirement or requirement.startswith("-") or not requirement.isprintable():
        raise InitError("requirement_invalid", requirement=requirement)
    return requirement


# --- rendering -----------------------------------------------------------------------------------


# The characters Python-Markdown unescapes after a backslash (`|` with its tables extension);
# `<`, `>` and `&` become entities.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_text(value: str) -> str:
    """`value` as literal text inside a Markdown paragraph: no markup, no HTML, no attribute list."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=False, undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(yaml=dump_scalar, md=markdown_text)
    # The content format as CONTRIBUTING.md gives it: field tables, the keys of a file, a field's values.
    environment.globals.update(
        schema_block=schema_block,
        schema_keys=lambda file: ", ".join(FILES[file].keys),
        schema_values=lambda file, key: ", ".join(f"`{value}`" for value in FILES[file][key].values))
    return environment


def render(template: str, **context) -> str:
    return _environment().get_template(template).render(**context)


@lru_cache(maxsize=1)
def words() -> dict:
    """Registry names, labels and example texts in every language the templates have them for."""
    return load_yaml((TEMPLATES_DIR / "words.yml").read_text(encoding="utf-8"))


def text_languages() -> set[str]:
    """The languages the page templates are written in (docs/index.<lang>.md.j2)."""
    return {path.name.split(".")[1] for path in (TEMPLATES_DIR / "docs").glob("index.*.md.j2")}


class Texts:
    """Which written language stands in for each hub language, and names per declared language."""

    def __init__(self, spec: HubSpec):
        self.spec = spec
        written = text_languages()
        self.default_source = spec.default.code if spec.default.code in written else "vi"
        self.written = written

    def source(self, code: str) -> str:
        """The language of the text written for `code`: its own, else the default language's."""
        return code if code in self.written else self.default_source

    def localized(self, texts: dict[str, str], **params) -> dict[str, str]:
        """`texts` for the hub's declared languages only (a registry refuses others), always with
        the default language (in its stand-in's text when it has none)."""
        result = {}
        for language in self.spec.languages:
            text = texts.get(language.code)
            if text is None and language.default:
                text = texts.get(self.default_source, texts.get("en"))
            if text is not None:
                result[language.code] = text.format(**params) if params else text
        return result

    def one(self, texts: dict[str, str], **params) -> str:
        """The text in the default language (or its stand-in)."""
        return self.localized(texts, **params)[self.spec.default.code]


def unit_of(spec: HubSpec) -> tuple[str, dict[str, str]]:
    """The hub's first unit: the agency given (id made from its name), or a placeholder."""
    if spec.agency:
        unit_id = slugify(spec.agency)[:60].strip("-")
        return (unit_id if ID.match(unit_id) else "don-vi"), {spec.default.code: spec.agency}
    return "don-vi", Texts(spec).localized(words()["unit_placeholder"])


def example_png(width: int = IMAGE_SIZE[0], height: int = IMAGE_SIZE[1]) -> bytes:
    """A small real PNG: a white card with three grey lines on indigo (the theme's colour)."""
    indigo, white, grey = bytes((63, 81, 181)), bytes((255, 255, 255)), bytes((158, 158, 158))
    line_ends = {28: 128, 29: 128, 30: 128, 42: 118, 43: 118, 44: 118, 56: 96, 57: 96, 58: 96}
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type 0: the row as it is
        for x in range(width):
            if not (20 <= x < width - 20 and 15 <= y < height - 15):
                row += indigo
            elif 32 <= x < line_ends.get(y, 0):
                row += grey
            else:
                row += white
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))


def ui_catalogue(language: HubLanguage, spec: HubSpec) -> dict:
    """locales/<code>.yml of a language without a built-in interface: the `ui:` tree of vi.yml,
    every string as the site shows it today (the fallback's, then the default's, then English)."""
    tree = load_yaml((LOCALES_DIR / "vi.yml").read_text(encoding="utf-8"))["ui"]
    messages = Messages(language.ui_fallback or "en", (spec.default.code,))

    def fill(node: dict, prefix: str) -> dict:
        return {key: fill(value, f"{prefix}{key}.") if isinstance(value, dict) else messages(f"{prefix}{key}")
                for key, value in node.items()}

    filled = fill(tree, "ui.")
    filled["language_name"] = language.name  # a name, not a translation
    return {"ui": filled}


def theme_language(spec: HubSpec) -> str:
    """mkdocs.yml's `theme.language` (pages outside commhub's plan, e.g. 404): the default language
    when Material or commhub has its interface, else its fallback, else English."""
    folders = [THEME_DIR / "partials" / "languages",
               Path(str(package_files("material") / "templates" / "partials" / "languages"))]
    for code in (spec.default.code, spec.default.ui_fallback):
        if code and any((folder / f"{code}.html").is_file() for folder in folders):
            return code
    return "en"


def hub_files(spec: HubSpec, today: dt.date) -> dict[str, str | bytes]:
    """Every file of the new hub, by its path in the hub."""
    texts = Texts(spec)
    unit_id, unit_names = unit_of(spec)
    w = words()
    source = texts.default_source
    example_slug, example_image = w["example_slug"][source], w["example_image"][source]
    topics = [{"id": topic["id"], "names": texts.localized(topic["name"])} for topic in w["topics"]]
    context = {
        "spec": spec, "languages": spec.languages, "default": spec.default, "today": today,
        "version": __version__, "unit_id": unit_id, "topic_id": topics[0]["id"],
        "example_slug": example_slug, "example_image": example_image,
        "description": texts.one(w["description"]) + (f" — {spec.province}" if spec.province else ""),
        "untranslated": [language for language in spec.languages if not language.built_in],
        "second": next((language for language in spec.languages if not language.default), spec.default),
    }
    out: dict[str, str | bytes] = {
        "mkdocs.yml": render("mkdocs.yml.j2", theme_language=theme_language(spec), **context),
        "requirements.txt": render("requirements.txt.j2", **context),
        ".gitignore": render("gitignore.j2", **context),
        "README.md": render("README.md.j2", **context),
        "CONTRIBUTING.md": render("CONTRIBUTING.md.j2", **context),
        ".github/workflows/pr.yml": render("github/workflows/pr.yml.j2", **context),
        ".github/workflows/publish.yml": render("github/workflows/publish.yml.j2", **context),
        "content/languages.yml": render("content/languages.yml.j2", **context),
        "content/hub.yml": render("content/hub.yml.j2", **context, hub_description=texts.one(w["description"])),
        "content/channels.yml": render(
            "content/channels.yml.j2", **context,
            channels=[{**channel, "names": texts.localized(channel["name"])} for channel in w["channels"]]),
        "content/units.yml": render("content/units.yml.j2", **context, unit_names=unit_names),
        "content/topics.yml": render("content/topics.yml.j2", **context, topics=topics),
        f"content/plans/kh-{today.year}.yml": render(
            "content/plan.yml.j2", **context, plan_name=texts.one(w["plan_name"], year=today.year),
            label=texts.localized(w["target_label"])),
        f"content/products/{example_slug}/product.yml": render(
            "content/product.yml.j2", **context, alt=texts.one(w["example_alt"])),
        f"content/products/{example_slug}/index.{spec.default.code}.md": render(
            f"content/index.{source}.md.j2", **context),
        f"content/products/{example_slug}/{example_image}": example_png(),
    }
    for language in spec.languages:
        page_context = {**context, "language": language, "source": texts.source(language.code),
                        "copied": texts.source(language.code) != language.code,
                        "source_name": _name_of(spec, texts.source(language.code))}
        for page in ("index", "about"):
            out[f"docs/{page}{language.suffix}.md"] = render(f"docs/{page}.{page_context['source']}.md.j2",
                                                            **page_context)
        if not language.built_in:
            out[f"locales/{language.code}.yml"] = locale_file(language, spec)
    return out


def locale_file(language: HubLanguage, spec: HubSpec) -> str:
    """locales/<code>.yml of a language without a built-in interface, to translate (also written by
    `commhub language add`)."""
    fallback = language.ui_fallback or "en"
    return render("locales/ui.yml.j2", language=language, fallback=fallback, fallback_name=_name_of(spec, fallback),
                  catalogue=dump_document(ui_catalogue(language, spec)))


def _name_of(spec: HubSpec, code: str) -> str:
    for language in spec.languages:
        if language.code == code:
            return language.name
    return KNOWN_LANGUAGES.get(code, (code,))[0]


# --- writing -------------------------------------------------------------------------------------


def write_hub(target: Path, spec: HubSpec, force: bool = False, today: dt.date | None = None) -> list[Path]:
    """Write the hub into `target` (new, empty, or anything with `force`); the files written."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise InitError("not_a_folder", path=display_path(target))
    if target.is_dir() and any(target.iterdir()) and not force:
        raise InitError("folder_not_empty", path=display_path(target))
    written = []
    for name, data in sorted(hub_files(spec, today or dt.date.today()).items()):
        path = target / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8", newline="\n")
        except OSError as error:
            raise InitError("cannot_write", path=display_path(path), reason=error.strerror or str(error)) from None
        written.append(path)
    return written


def make_spec(name: str | None, languages: str | None, province: str | None, agency: str | None,
              site_url: str | None, requirement: str | None) -> HubSpec:
    name = clean_text(name)
    if not name:
        raise InitError("name_missing")
    if languages is None or not languages.strip():
        raise InitError("languages_missing")
    province, agency = clean_text(province), clean_text(agency)
    # What content/hub.yml may hold (content/hub.py): a hub that its own check refuses is no start.
    for option, value in (("name", name), ("province", province), ("agency", agency)):
        if value is not None and len(value) > MAX_HUB_TEXT_CHARS[option]:
            raise InitError("text_too_long", option=option, length=len(value), limit=MAX_HUB_TEXT_CHARS[option])
    return HubSpec(
        name=name, languages=parse_languages(languages), province=province, agency=agency,
        site_url=check_site_url(site_url.strip()) if site_url and site_url.strip() else None,
        requirement=check_requirement(requirement.strip() if requirement is not None else release_requirement()),
    )


def run_init(target: Path, name: str | None, languages: str | None, province: str | None, agency: str | None,
             site_url: str | None, requirement: str | None, force: bool, lang: str, echo: Callable[..., None],
             prompt: Callable[[str], str], interactive: bool) -> int:
    """`commhub init`: ask for what is missing (on a terminal), write the hub and say what comes next."""
    messages = Messages(lang)
    m = "problem.new.init."
    try:
        if clean_text(name) is None and interactive:
            name = prompt(messages(m + "prompt_name"))
        if (languages is None or not languages.strip()) and interactive:
            languages = prompt(messages(m + "prompt_languages"))
        spec = make_spec(name, languages, province, agency, site_url, requirement)
        written = write_hub(target, spec, force)
    except InitError as error:
        echo(error.message(messages), err=True)
        return 1
    target = Path(target)
    echo(messages(m + "created", name=spec.name, path=display_path(target), count=len(written)))
    for path in written:
        echo(f"  {path.relative_to(target).as_posix()}")
    unnamed = [language.code for language in spec.languages if not language.named]
    if unnamed:
        echo(messages(m + "names_unknown", codes=", ".join(unnamed)))
    untranslated = [language.code for language in spec.languages if not language.built_in]
    if untranslated:
        echo(messages(m + "untranslated", files=", ".join(f"locales/{code}.yml" for code in untranslated)))
    echo(messages(m + "requirement", requirement=spec.requirement))
    echo(messages(m + "next_steps"))
    for command in next_commands(target):
        echo(f"  {command}")
    return 0


def next_commands(target: Path) -> list[str]:
    """The hub's two commands (as its README gives them), from where `commhub init` was run."""
    folder = shlex.quote(display_path(target))
    return [
        f"cd {folder} && python3.11 -m venv .venv && .venv/bin/pip install -r requirements.txt"
        " && .venv/bin/commhub serve",
        ".venv/bin/commhub check && .venv/bin/commhub build --preview --strict",
    ]
